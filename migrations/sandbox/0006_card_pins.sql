-- (ours) Every PIN reset: the card, where the new PIN was sent (masked) and when. The PIN itself is kept nowhere:
-- it goes to the customer only. Read by the reset limit (three per card in 24 hours).
CREATE TABLE card_pin_resets (
    id          INTEGER PRIMARY KEY,
    card_id     INTEGER NOT NULL REFERENCES cards (card_id),
    sent_to     TEXT NOT NULL,
    channel     TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX card_pin_resets_card ON card_pin_resets (card_id, at);
