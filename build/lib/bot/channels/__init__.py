"""One adapter per chat platform: inbound parsing and outbound rendering."""
