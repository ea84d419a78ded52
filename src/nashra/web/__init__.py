"""The web app: server-rendered right-to-left pages and a JSON API over the same services."""
