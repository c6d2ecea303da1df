"""SQLModel tables, the async engine and sessions, migrations, and small query functions."""
