//! The [`KpiStore`] implementation: dossier queries here, catalogue / methodology /
//! unit-code / portal-figure queries in `kpi_setup.rs`.

use async_trait::async_trait;
use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::kpi::PortalFigure;
use cchc_domain::kpi::Procedure;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use sqlx::QueryBuilder;

use super::dossiers::{push_scope, to_stored, DossierDb, DOSSIER_SELECT};
use super::{corrupt, push_list, SqlStore};
use crate::error::StoreResult;
use crate::model_kpi::*;
use crate::traits_kpi::{DossierImport, KpiStore};

/// Codes fetched per statement when reading changed dossiers by code.
const BY_CODE: usize = 500;

/// Above this many logged codes, reading the changes in one pass over the table is cheaper
/// than fetching them by code.
const MAX_BY_CODE: usize = 200_000;

/// Status code of withdrawn dossiers (left out of lists of open work).
const WITHDRAWN: i64 = 4;

impl SqlStore {
    /// The codes the imports in `(after_rev, up_to_rev]` wrote, above `after_code`, sorted and
    /// distinct; `None` when there are more than [`MAX_BY_CODE`].
    async fn changed_codes(
        &self,
        after_rev: i64,
        up_to_rev: i64,
        after_code: &str,
    ) -> StoreResult<Option<Vec<String>>> {
        let n: i64 = sqlx::query_scalar("SELECT COALESCE(SUM(n), 0) FROM kpi_changes WHERE rev > $1 AND rev <= $2")
            .bind(after_rev)
            .bind(up_to_rev)
            .fetch_one(&self.read)
            .await?;
        if n > MAX_BY_CODE as i64 {
            return Ok(None);
        }
        let lists: Vec<(String,)> = sqlx::query_as("SELECT codes FROM kpi_changes WHERE rev > $1 AND rev <= $2")
            .bind(after_rev)
            .bind(up_to_rev)
            .fetch_all(&self.read)
            .await?;
        let mut codes = std::collections::BTreeSet::new();
        for (list,) in lists {
            let part: Vec<String> = serde_json::from_str(&list)
                .map_err(|_| corrupt("danh sách hồ sơ đã đổi", &list.chars().take(60).collect::<String>()))?;
            codes.extend(part.into_iter().filter(|c| c.as_str() > after_code));
        }
        Ok(Some(codes.into_iter().collect()))
    }
}

#[async_trait]
impl KpiStore for SqlStore {
    async fn kpi_head(&self) -> StoreResult<KpiHead> {
        let (rev, setup_rev): (i64, i64) =
            sqlx::query_as("SELECT rev, setup_rev FROM kpi_head WHERE id = 1").fetch_one(&self.read).await?;
        Ok(KpiHead { rev, setup_rev })
    }

    async fn begin_dossier_import(&self, actor: &Actor) -> StoreResult<Box<dyn DossierImport>> {
        Ok(Box::new(self.open_dossier_import(actor).await?))
    }

    async fn changed_dossiers(
        &self,
        after_rev: i64,
        up_to_rev: i64,
        after_code: &str,
        limit: i64,
    ) -> StoreResult<Vec<StoredDossier>> {
        let limit = limit.clamp(1, 1_000_000);
        let codes = if after_rev > 0 { self.changed_codes(after_rev, up_to_rev, after_code).await? } else { None };
        let Some(codes) = codes else {
            // Everything, or too many changes to fetch by code: one pass in code order.
            let sql = format!(
                "SELECT {DOSSIER_SELECT} FROM kpi_dossiers d WHERE d.rev > $1 AND d.rev <= $2 AND d.code > $3 \
                 ORDER BY d.code LIMIT $4"
            );
            let rows: Vec<DossierDb> = sqlx::query_as(&sql)
                .bind(after_rev)
                .bind(up_to_rev)
                .bind(after_code)
                .bind(limit)
                .fetch_all(&self.read)
                .await?;
            return to_stored(rows);
        };
        // The logged codes, in order, fetched by code; a row rewritten by a later import than
        // `up_to_rev` (or a stale record that changed nothing) is not in the range and is
        // skipped, so keep fetching until the page is full.
        let mut out = Vec::new();
        for chunk in codes.chunks(BY_CODE) {
            let mut q: QueryBuilder<super::Db> =
                QueryBuilder::new(format!("SELECT {DOSSIER_SELECT} FROM kpi_dossiers d WHERE d.rev > "));
            q.push_bind(after_rev).push(" AND d.rev <= ").push_bind(up_to_rev).push(" AND d.code IN ");
            push_list(&mut q, chunk.iter());
            let rows: Vec<DossierDb> = q.build_query_as().fetch_all(&self.read).await?;
            // In the codes' byte order, as the chunks are (a database collation may differ).
            let mut rows = to_stored(rows)?;
            rows.sort_unstable_by(|a, b| a.record.code.cmp(&b.record.code));
            out.extend(rows);
            if out.len() as i64 >= limit {
                out.truncate(limit as usize);
                break;
            }
        }
        Ok(out)
    }

    async fn list_dossiers(&self, vis: Visibility, f: &DossierFilter) -> StoreResult<Vec<DossierRecord>> {
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new("");
        let scoped = push_scope(&mut q, vis);
        q.push(format!("SELECT {DOSSIER_SELECT} FROM kpi_dossiers d WHERE 1 = 1"));
        if scoped {
            q.push(" AND d.unit_code IN (SELECT code FROM sub)");
        }
        if let Some(t) = f.open_due_before {
            q.push(" AND d.finished IS NULL AND d.due IS NOT NULL AND d.status <> ")
                .push_bind(WITHDRAWN)
                .push(" AND d.due < ")
                .push_bind(t);
        }
        if let Some(units) = &f.units {
            if units.is_empty() {
                return Ok(Vec::new());
            }
            q.push(" AND d.unit_code IN ");
            push_list(&mut q, units.iter());
        }
        if let Some(codes) = &f.codes {
            if codes.is_empty() {
                return Ok(Vec::new());
            }
            q.push(" AND d.code IN ");
            push_list(&mut q, codes.iter());
        }
        q.push(" ORDER BY COALESCE(d.due, d.received), d.code LIMIT ")
            .push_bind(f.limit.unwrap_or(1_000).clamp(1, 100_000));
        let rows: Vec<DossierDb> = q.build_query_as().fetch_all(&self.read).await?;
        Ok(to_stored(rows)?.into_iter().map(|s| s.record).collect())
    }

    async fn scope_units(&self, vis: Visibility) -> StoreResult<Option<Vec<String>>> {
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new("");
        if !push_scope(&mut q, vis) {
            return Ok(None);
        }
        q.push("SELECT code FROM sub ORDER BY code");
        let codes: Vec<(String,)> = q.build_query_as().fetch_all(&self.read).await?;
        Ok(Some(codes.into_iter().map(|c| c.0).collect()))
    }

    async fn count_dossiers(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM kpi_dossiers").fetch_one(&self.read).await?)
    }

    async fn procedures(&self) -> StoreResult<Vec<Procedure>> {
        self.load_procedures().await
    }

    async fn import_procedures(&self, actor: &Actor, list: &[Procedure], source: &str) -> StoreResult<CatalogueReport> {
        self.write_procedures(actor, list, source).await
    }

    async fn methodologies(&self) -> StoreResult<Vec<StoredMethodology>> {
        self.load_methodologies().await
    }

    async fn save_methodology(&self, actor: &Actor, m: &Methodology) -> StoreResult<bool> {
        Ok(self.write_methodology(actor, m, false).await? == Some(true))
    }

    async fn ensure_methodology(&self, actor: &Actor, m: &Methodology) -> StoreResult<bool> {
        Ok(self.write_methodology(actor, m, true).await?.is_some())
    }

    async fn unit_codes(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT code, unit_code FROM kpi_unit_codes ORDER BY code").fetch_all(&self.read).await?)
    }

    async fn import_unit_codes(&self, actor: &Actor, pairs: &[(String, String)], source: &str) -> StoreResult<usize> {
        self.write_unit_codes(actor, pairs, source).await
    }

    async fn save_portal_figures(&self, actor: &Actor, file_name: &str, figures: &[PortalFigure]) -> StoreResult<()> {
        self.write_portal_figures(actor, file_name, figures).await
    }

    async fn portal_figures(&self) -> StoreResult<Option<PortalUpload>> {
        self.load_portal_figures().await
    }
}
