"""The peer: ShopWatch's shoplifting report as the python-telegram-bot bot a good developer
would write instead (a `ConversationHandler`, state in memory, behind a FastAPI webhook), run
by `bench.telegram_peer` as the yardstick for ShopWatch's speed. Not part of the product."""
