"""``nashra admin``: the moderators who may sign in at ``/admin``.

A password is never taken on the command line (it would stay in the shell's history and show in
the process list): it is asked for twice at a prompt, or read from the first line of stdin with
``--password-stdin`` (for scripts).
"""

from __future__ import annotations

import sys

import click

from nashra.cli.base import Settings, cli, fail, out, print_json
from nashra.web.accounts import create_moderator


@cli.group("admin")
def admin_group() -> None:
    """Moderators of the reports (they sign in at /admin/login)."""


@admin_group.command("create-user")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.pass_obj
def create_user(settings: Settings, name: str, password_stdin: bool) -> None:
    """Add the moderator NAME; the password is asked for twice (or read with --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with settings.store() as store:
        added = create_moderator(store, name, password)
    if not added:
        fail(f"a moderator named {name} already exists")
    out.print(f"added moderator {name}", markup=False)


@admin_group.command("list-users")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_users(settings: Settings, as_json: bool) -> None:
    """The moderators, by name."""
    with settings.store() as store:
        moderators = store.moderators()
    if as_json:
        print_json([{"name": m.name, "created_at": m.created_at} for m in moderators])
        return
    for moderator in moderators:
        out.print(f"{moderator.name}\t{moderator.created_at}", markup=False)


@admin_group.command("remove-user")
@click.argument("name")
@click.pass_obj
def remove_user(settings: Settings, name: str) -> None:
    """Remove the moderator NAME and end their sessions (the audit log keeps their actions)."""
    with settings.store() as store:
        removed = store.remove_moderator(name)
    if not removed:
        fail(f"no moderator named {name}")
    out.print(f"removed moderator {name}", markup=False)
