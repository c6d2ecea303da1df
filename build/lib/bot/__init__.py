"""The composition root: the app, the routes, channel adapters, the sender, the CLI."""
