"""The command office: the daily digest, queries, the scoreboard and its counting rules, the weekly
ranking notice, broadcasts, the Excel ledger and the digest chart."""
