-- PAR classification bands (xếp loại Tốt / Khá / Trung bình / Yếu) the office edits: one row per
-- version of a band set, the bands themselves as a JSON document. A version is never edited;
-- saving makes the next version of its code.

CREATE TABLE par_band_sets (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    status         TEXT NOT NULL,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    UNIQUE (code, version)
);
