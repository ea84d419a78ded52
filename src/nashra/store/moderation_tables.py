"""The moderation tables (migration 9), for both backends: one set of SQL over two primitives.

:class:`ModerationTables` is a mixin of the stores holding moderators, their sessions, removals
and the audit log (see :class:`nashra.store.base.Store`'s moderation block). Its SQL is written
once for both backends (:mod:`nashra.store.shared_sql`).

A moderator's action and its audit entry are written in one transaction, so the log cannot miss
an action nor record one that did not happen.
"""

from __future__ import annotations

import json
from typing import Literal

from nashra.store.base import AuditEntry, ModerationState, Moderator, ReportedTarget
from nashra.store.common import now_iso
from nashra.store.shared_sql import SharedSql
from nashra.store.shared_sql import SqlRunner as Runner

__all__ = ["ModerationTables"]

Kind = Literal["image", "article"]

_MODERATOR_COLUMNS = "name, password_hash, created_at"
_AUDIT_COLUMNS = "id, at, actor, action, target_kind, target_id, state_before, state_after"


def _state_json(state: ModerationState | None) -> str | None:
    if state is None:
        return None
    return json.dumps({"reporters": state.reporters, "hidden": state.hidden, "removed": state.removed})


def _state_of(text: str | None) -> ModerationState | None:
    return None if text is None else ModerationState(**json.loads(text))


def _audit_entry(row: tuple) -> AuditEntry:
    *head, before, after = row
    return AuditEntry(*head, before=_state_of(before), after=_state_of(after))


def _audit(run: Runner, actor: str, action: str, kind: str, target_id: str,
           before: ModerationState | None, after: ModerationState | None) -> AuditEntry:
    [row] = run(
        "INSERT INTO audit_log (at, actor, action, target_kind, target_id, state_before, state_after)"
        f" VALUES (?,?,?,?,?,?,?) RETURNING {_AUDIT_COLUMNS}",
        (now_iso(), actor, action, kind, target_id, _state_json(before), _state_json(after)),
    )
    return _audit_entry(row)


def _state(run: Runner, kind: Kind, target_id: str) -> ModerationState | None:
    """The target's state, None when there is no such target. Inside a transaction, it first
    takes the image's row lock (a no-op update): a concurrent report waits for the action."""
    if kind == "image":
        found = run("UPDATE images SET hidden = hidden WHERE id = ? RETURNING hidden", (target_id,))
    else:
        found = run("SELECT 1 FROM articles WHERE id = ?", (target_id,))
    if not found:
        return None
    [(reporters,)] = run(
        "SELECT count(*) FROM reports WHERE target_kind = ? AND target_id = ?", (kind, target_id)
    )
    removed = bool(run("SELECT 1 FROM removals WHERE target_kind = ? AND target_id = ?",
                       (kind, target_id)))
    hidden = bool(found[0][0]) if kind == "image" else removed
    return ModerationState(reporters=reporters, hidden=hidden, removed=removed)


class ModerationTables(SharedSql):
    """Moderators, sessions, removals and the audit log in the store (see the module docstring)."""

    # -- moderators and their sessions ------------------------------------------------------

    def add_moderator(self, name: str, password_hash: str, *, actor: str = "cli") -> bool:
        def add(run: Runner) -> bool:
            if not run("INSERT INTO moderators (name, password_hash, created_at) VALUES (?,?,?)"
                       " ON CONFLICT DO NOTHING RETURNING name", (name, password_hash, now_iso())):
                return False
            _audit(run, actor, "create-user", "moderator", name, None, None)
            return True

        return self._sql_transaction(add)

    def get_moderator(self, name: str) -> Moderator | None:
        rows = self._sql(f"SELECT {_MODERATOR_COLUMNS} FROM moderators WHERE name = ?", (name,))
        return Moderator(*rows[0]) if rows else None

    def moderators(self) -> list[Moderator]:
        return [Moderator(*row) for row in
                self._sql(f"SELECT {_MODERATOR_COLUMNS} FROM moderators ORDER BY name")]

    def set_password_hash(self, name: str, password_hash: str) -> bool:
        return bool(self._sql_transaction(lambda run: run(
            "UPDATE moderators SET password_hash = ? WHERE name = ? RETURNING name",
            (password_hash, name),
        )))

    def remove_moderator(self, name: str, *, actor: str = "cli") -> bool:
        def remove(run: Runner) -> bool:
            run("DELETE FROM moderator_sessions WHERE moderator = ?", (name,))
            if not run("DELETE FROM moderators WHERE name = ? RETURNING name", (name,)):
                return False
            _audit(run, actor, "remove-user", "moderator", name, None, None)
            return True

        return self._sql_transaction(remove)

    def add_session(self, token_hash: str, moderator: str, *, expires_at: str) -> None:
        now = now_iso()

        def add(run: Runner) -> None:
            run("DELETE FROM moderator_sessions WHERE expires_at <= ?", (now,))
            run("INSERT INTO moderator_sessions (token_hash, moderator, created_at, expires_at)"
                " VALUES (?,?,?,?)", (token_hash, moderator, now, expires_at))

        self._sql_transaction(add)

    def session_moderator(self, token_hash: str, *, now: str) -> str | None:
        rows = self._sql(
            "SELECT moderator FROM moderator_sessions WHERE token_hash = ? AND expires_at > ?",
            (token_hash, now),
        )
        return rows[0][0] if rows else None

    def end_session(self, token_hash: str) -> None:
        self._sql_transaction(
            lambda run: run("DELETE FROM moderator_sessions WHERE token_hash = ?", (token_hash,))
        )

    # -- reports, decisions and the audit log ---------------------------------------------------

    def reported_targets(self, *, limit: int = 50, offset: int = 0) -> list[ReportedTarget]:
        rows = self._sql(
            "WITH counted AS ("
            "  SELECT target_kind AS kind, target_id AS id, count(*) AS reporters,"
            "         count(DISTINCT address) AS addresses, max(created_at) AS last_reported"
            "  FROM reports GROUP BY target_kind, target_id"
            "  UNION ALL SELECT target_kind, target_id, 0, 0, NULL FROM removals"
            "), targets AS ("
            "  SELECT kind, id, max(reporters) AS reporters, max(addresses) AS addresses,"
            "         max(last_reported) AS last_reported"
            "  FROM counted GROUP BY kind, id"
            ")"
            " SELECT t.kind, t.id, t.reporters, t.addresses, t.last_reported, r.target_id IS NOT NULL,"
            "        i.hidden, i.url, i.caption, coalesce(ia.id, aa.id), coalesce(ia.title, aa.title)"
            " FROM targets t"
            " LEFT JOIN removals r ON r.target_kind = t.kind AND r.target_id = t.id"
            " LEFT JOIN images i ON t.kind = 'image' AND i.id = t.id"
            " LEFT JOIN articles ia ON ia.rowid = i.article_rowid"
            " LEFT JOIN articles aa ON t.kind = 'article' AND aa.id = t.id"
            " WHERE coalesce(ia.id, aa.id) IS NOT NULL"
            " ORDER BY t.reporters DESC, t.last_reported DESC NULLS LAST, t.kind, t.id"
            " LIMIT ? OFFSET ?",
            (limit, offset),
        )
        targets = []
        for kind, target_id, reporters, addresses, last, removed, hidden, url, caption, article, title \
                in rows:
            state = ModerationState(
                reporters=reporters, removed=bool(removed),
                hidden=bool(hidden) if kind == "image" else bool(removed),
            )
            targets.append(ReportedTarget(
                kind=kind, id=target_id, state=state, last_reported=last, article_id=article,
                article_title=title, image_url=url, image_caption=caption, addresses=addresses,
            ))
        return targets

    def moderate(
        self, kind: Kind, target_id: str, action: Literal["restore", "remove"], *, actor: str,
    ) -> AuditEntry | None:
        if kind not in ("image", "article") or action not in ("restore", "remove"):
            raise ValueError(f"cannot {action} a {kind}")

        def act(run: Runner) -> AuditEntry | None:
            before = _state(run, kind, target_id)
            if before is None:
                return None
            if action == "restore":
                run("DELETE FROM reports WHERE target_kind = ? AND target_id = ?", (kind, target_id))
                run("DELETE FROM removals WHERE target_kind = ? AND target_id = ?", (kind, target_id))
            else:
                run("INSERT INTO removals (target_kind, target_id, moderator, removed_at)"
                    " VALUES (?,?,?,?) ON CONFLICT DO NOTHING", (kind, target_id, actor, now_iso()))
            if kind == "image":
                run("UPDATE images SET hidden = ? WHERE id = ?", (action == "remove", target_id))
            return _audit(run, actor, action, kind, target_id, before, _state(run, kind, target_id))

        return self._sql_transaction(act)

    def is_removed(self, kind: Kind, target_id: str) -> bool:
        return bool(self._sql("SELECT 1 FROM removals WHERE target_kind = ? AND target_id = ?",
                              (kind, target_id)))

    def audit_log(self, *, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        return [_audit_entry(row) for row in self._sql(
            f"SELECT {_AUDIT_COLUMNS} FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )]
