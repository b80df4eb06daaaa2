-- PAR appraisers assigned per area (lĩnh vực) of a round: such an appraiser looks at every
-- submitted assessment of the round, for the criteria of their areas only; the per-unit
-- appraiser (par_assessments.appraiser_id) keeps every criterion. And evidence by reference.

CREATE TABLE par_area_appraisers (
    round_id  BIGINT NOT NULL REFERENCES par_rounds(id),
    user_id   BIGINT NOT NULL REFERENCES users(id),
    area_code TEXT NOT NULL,
    PRIMARY KEY (round_id, user_id, area_code)
);
CREATE INDEX par_area_appraisers_user ON par_area_appraisers(user_id);

-- PAR evidence by reference, for one criterion: an existing evidence file of one of the
-- unit's own tasks (never copied), or a document's number and date (số ký hiệu, ngày, trích yếu).
CREATE TABLE par_evidence_refs (
    id               BIGSERIAL PRIMARY KEY,
    assessment_id    BIGINT NOT NULL REFERENCES par_assessments(id),
    code             TEXT NOT NULL,
    task_evidence_id BIGINT REFERENCES evidence(id),
    doc_number       TEXT NOT NULL DEFAULT '',
    doc_date         DATE,
    doc_summary      TEXT NOT NULL DEFAULT '',
    added_by         TEXT NOT NULL,
    added_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX par_evidence_refs_assessment ON par_evidence_refs(assessment_id);
