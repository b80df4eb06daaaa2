-- Which index-766 indicator measures a plan target ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt
-- 98%" ↔ TD1). Keyed by the document's identity and the target's code, so the link survives a
-- revision of the document (a new version gets new target rows with the same codes).
-- `indicator` is an indicator code of the 766 methodology, or SCORE for the 766 score itself.
CREATE TABLE target_indicators (
    identity    TEXT NOT NULL,
    target_code TEXT NOT NULL,
    indicator   TEXT NOT NULL,
    set_at      TIMESTAMPTZ NOT NULL,
    set_by      TEXT NOT NULL,
    PRIMARY KEY (identity, target_code)
);
