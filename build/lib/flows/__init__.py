"""ShopWatch conversation flows: pure data, parsers and one engine, with no I/O."""
