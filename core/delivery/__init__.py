"""Everything the bot sends on its own: the outbox API, the table of notification kinds, who hears
about what, and the bookkeeping of each send (retries, dead letters, a person who blocked the bot)."""
