//! What index 766 is computed with, besides the dossiers: the procedure catalogue,
//! methodology versions, the unit-code map, and the figures typed in from the portal.
//! Each import is one transaction with one audit entry.

use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::OnlineLevel;
use cchc_domain::kpi::PortalFigure;
use cchc_domain::kpi::Procedure;
use cchc_domain::period::PeriodKey;
use cchc_domain::user::Actor;
use chrono::{DateTime, Utc};

use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model_kpi::{CatalogueReport, PortalUpload, StoredMethodology};

fn levels_text(l: &[OnlineLevel]) -> String {
    l.iter().map(|x| if *x == OnlineLevel::Full { "full" } else { "partial" }).collect::<Vec<_>>().join(";")
}

fn levels_parse(s: &str) -> Vec<OnlineLevel> {
    s.split(';')
        .filter_map(|x| match x {
            "full" => Some(OnlineLevel::Full),
            "partial" => Some(OnlineLevel::Partial),
            _ => None,
        })
        .collect()
}

type ProcRow = (String, String, String, bool, bool, String);

fn proc_of(r: ProcRow) -> Procedure {
    Procedure {
        code: r.0,
        name: r.1,
        level: r.2,
        fee: r.3,
        full_online_eligible: r.4,
        online_levels: levels_parse(&r.5),
    }
}

async fn bump_setup(tx: &mut Tx) -> StoreResult<()> {
    sqlx::query("UPDATE kpi_head SET setup_rev = setup_rev + 1 WHERE id = 1").execute(&mut **tx).await?;
    Ok(())
}

impl SqlStore {
    pub(crate) async fn load_procedures(&self) -> StoreResult<Vec<Procedure>> {
        let rows: Vec<ProcRow> = sqlx::query_as(
            "SELECT code, name, level, fee, full_online_eligible, online_levels FROM kpi_procedures ORDER BY code",
        )
        .fetch_all(&self.read)
        .await?;
        Ok(rows.into_iter().map(proc_of).collect())
    }

    pub(crate) async fn write_procedures(
        &self,
        actor: &Actor,
        list: &[Procedure],
        source: &str,
    ) -> StoreResult<CatalogueReport> {
        let mut tx = self.begin_write().await?;
        let mut rep = CatalogueReport::default();
        for p in list {
            let before: Option<ProcRow> = sqlx::query_as(
                "SELECT code, name, level, fee, full_online_eligible, online_levels FROM kpi_procedures WHERE code = $1",
            )
            .bind(&p.code)
            .fetch_optional(&mut *tx)
            .await?;
            match before.map(proc_of) {
                Some(b) if b == *p => {
                    rep.unchanged += 1;
                    continue;
                }
                Some(_) => rep.updated += 1,
                None => rep.created += 1,
            }
            sqlx::query(
                "INSERT INTO kpi_procedures (code, name, level, fee, full_online_eligible, online_levels) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 level = excluded.level, fee = excluded.fee, full_online_eligible = excluded.full_online_eligible, \
                 online_levels = excluded.online_levels",
            )
            .bind(&p.code)
            .bind(&p.name)
            .bind(&p.level)
            .bind(p.fee)
            .bind(p.full_online_eligible)
            .bind(levels_text(&p.online_levels))
            .execute(&mut *tx)
            .await?;
        }
        if rep.created + rep.updated > 0 {
            bump_setup(&mut tx).await?;
        }
        let after = serde_json::json!({ "source": source, "rows": list.len(), "result": &rep });
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("kpi.catalogue.import", "kpi_procedures", "*", None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(rep)
    }

    pub(crate) async fn load_methodologies(&self) -> StoreResult<Vec<StoredMethodology>> {
        let rows: Vec<(String, String, DateTime<Utc>)> =
            sqlx::query_as("SELECT id, body, created_at FROM kpi_methodologies ORDER BY effective_from, id")
                .fetch_all(&self.read)
                .await?;
        rows.into_iter()
            .map(|(id, body, created_at)| {
                let methodology: Methodology = serde_json::from_str(&body).map_err(|_| corrupt("phương pháp", &id))?;
                Ok(StoredMethodology { methodology, created_at })
            })
            .collect()
    }

    /// Stores `m` and says whether it replaced a version of the same id; with
    /// `only_if_empty`, only when no version is stored yet (`None`: nothing written).
    pub(crate) async fn write_methodology(
        &self,
        actor: &Actor,
        m: &Methodology,
        only_if_empty: bool,
    ) -> StoreResult<Option<bool>> {
        let body = serde_json::to_string(m).map_err(|e| StoreError::Other(e.to_string()))?;
        let mut tx = self.begin_write().await?;
        if only_if_empty {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM kpi_methodologies").fetch_one(&mut *tx).await?;
            if n > 0 {
                return Ok(None);
            }
        }
        let before: Option<String> = sqlx::query_scalar("SELECT body FROM kpi_methodologies WHERE id = $1")
            .bind(&m.id)
            .fetch_optional(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO kpi_methodologies (id, name, effective_from, effective_to, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
             effective_from = excluded.effective_from, effective_to = excluded.effective_to, body = excluded.body, \
             created_at = excluded.created_at",
        )
        .bind(&m.id)
        .bind(&m.name)
        .bind(m.effective_from)
        .bind(m.effective_to)
        .bind(&body)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        bump_setup(&mut tx).await?;
        let before: Option<serde_json::Value> = before.and_then(|b| serde_json::from_str(&b).ok());
        append_audit(
            &mut tx,
            actor,
            &[event("kpi.methodology.save", "kpi_methodology", &m.id, before.as_ref(), Some(m))],
        )
        .await?;
        tx.commit().await?;
        Ok(Some(before.is_some()))
    }

    pub(crate) async fn write_unit_codes(
        &self,
        actor: &Actor,
        pairs: &[(String, String)],
        source: &str,
    ) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        for (code, unit) in pairs {
            let exists: Option<String> = sqlx::query_scalar("SELECT code FROM units WHERE code = $1")
                .bind(unit)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::Invalid(format!("không có đơn vị mã «{unit}» trong danh mục (mã «{code}»)")));
            }
            sqlx::query(
                "INSERT INTO kpi_unit_codes (code, unit_code) VALUES ($1, $2) \
                 ON CONFLICT (code) DO UPDATE SET unit_code = excluded.unit_code",
            )
            .bind(code)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
        }
        let after = serde_json::json!({ "source": source, "pairs": pairs });
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("kpi.unit_codes.import", "kpi_unit_codes", "*", None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(pairs.len())
    }

    pub(crate) async fn write_portal_figures(
        &self,
        actor: &Actor,
        file_name: &str,
        figures: &[PortalFigure],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM kpi_portal_figures").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM kpi_portal_uploads").execute(&mut *tx).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO kpi_portal_uploads (file_name, actor, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(file_name)
        .bind(&actor.login)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        for f in figures {
            sqlx::query(
                "INSERT INTO kpi_portal_figures (upload_id, line, unit_code, period, indicator, numerator, denominator) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(i64::try_from(f.line).unwrap_or(i64::MAX))
            .bind(&f.unit)
            .bind(f.period.to_string())
            .bind(&f.indicator)
            .bind(f.numerator)
            .bind(f.denominator)
            .execute(&mut *tx)
            .await?;
        }
        let after = serde_json::json!({ "file": file_name, "figures": figures.len() });
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("kpi.portal.import", "kpi_portal_figures", id, None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn load_portal_figures(&self) -> StoreResult<Option<PortalUpload>> {
        let head: Option<(i64, String, String, DateTime<Utc>)> =
            sqlx::query_as("SELECT id, file_name, actor, created_at FROM kpi_portal_uploads ORDER BY id DESC LIMIT 1")
                .fetch_optional(&self.read)
                .await?;
        let Some((id, file_name, actor, created_at)) = head else { return Ok(None) };
        type FigRow = (i64, String, String, String, i64, i64);
        let rows: Vec<FigRow> = sqlx::query_as(
            "SELECT line, unit_code, period, indicator, numerator, denominator FROM kpi_portal_figures \
             WHERE upload_id = $1 ORDER BY line",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        let figures = rows
            .into_iter()
            .map(|(line, unit, period, indicator, numerator, denominator)| {
                let period = PeriodKey::parse(&period).ok_or_else(|| corrupt("kỳ", &period))?;
                Ok(PortalFigure { line: line.max(0) as u64, unit, period, indicator, numerator, denominator })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(PortalUpload { file_name, actor, created_at, figures }))
    }
}
