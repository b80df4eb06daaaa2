//! Ad-hoc report requests: the request and its units written in one transaction with the
//! audit entry; reads confined to the requests addressed to the reader's unit.

use async_trait::async_trait;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::NaiveDate;

use super::{append_audit, event, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::traits_adhoc::{AdhocRequest, AdhocStore, AdhocTemplate, NewAdhocRequest};

const COLS: &str = "id, title, instruction, due, template_name, created_by, created_on, version";

#[derive(sqlx::FromRow)]
struct RequestDb {
    id: i64,
    title: String,
    instruction: String,
    due: NaiveDate,
    template_name: Option<String>,
    created_by: String,
    created_on: NaiveDate,
    version: i64,
}

impl RequestDb {
    fn with_units(self, units: Vec<UnitId>) -> AdhocRequest {
        AdhocRequest {
            id: self.id,
            title: self.title,
            instruction: self.instruction,
            due: self.due,
            units,
            template_name: self.template_name,
            created_by: self.created_by,
            created_on: self.created_on,
            version: self.version,
        }
    }
}

fn summary(r: &AdhocRequest) -> serde_json::Value {
    serde_json::json!({
        "title": r.title, "due": r.due, "units": r.units, "template": r.template_name,
        "instruction_chars": r.instruction.chars().count(),
    })
}

impl SqlStore {
    async fn adhoc_units(&self, id: i64) -> StoreResult<Vec<UnitId>> {
        let units: Vec<i64> =
            sqlx::query_scalar("SELECT unit_id FROM adhoc_request_units WHERE request_id = $1 ORDER BY unit_id")
                .bind(id)
                .fetch_all(&self.read)
                .await?;
        Ok(units)
    }
}

#[async_trait]
impl AdhocStore for SqlStore {
    async fn create_adhoc_request(
        &self,
        actor: &Actor,
        req: &NewAdhocRequest,
        on: NaiveDate,
    ) -> StoreResult<AdhocRequest> {
        if req.units.is_empty() {
            return Err(StoreError::Invalid("cần chọn ít nhất một đơn vị".into()));
        }
        let mut units = req.units.clone();
        units.sort_unstable();
        units.dedup();
        let mut tx = self.begin_write().await?;
        let t = req.template.as_ref();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO adhoc_requests (title, instruction, due, template_name, template_type, template_sha256, \
             template, created_by, created_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(&req.title)
        .bind(&req.instruction)
        .bind(req.due)
        .bind(t.map(|f| f.file_name.clone()))
        .bind(t.map(|f| f.content_type.clone()))
        .bind(t.map(|f| f.sha256.clone()))
        .bind(t.map(|f| f.bytes.clone()))
        .bind(&actor.login)
        .bind(on)
        .fetch_one(&mut *tx)
        .await?;
        for u in &units {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT id FROM units WHERE id = $1").bind(u).fetch_optional(&mut *tx).await?;
            if known.is_none() {
                return Err(StoreError::NotFound("đơn vị"));
            }
            sqlx::query("INSERT INTO adhoc_request_units (request_id, unit_id) VALUES ($1, $2)")
                .bind(id)
                .bind(u)
                .execute(&mut *tx)
                .await?;
        }
        let out = AdhocRequest {
            id,
            title: req.title.clone(),
            instruction: req.instruction.clone(),
            due: req.due,
            units,
            template_name: t.map(|f| f.file_name.clone()),
            created_by: actor.login.clone(),
            created_on: on,
            version: 0,
        };
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("adhoc.create", "adhoc_request", id, None, Some(&summary(&out)))],
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn adhoc_requests(&self, vis: Visibility) -> StoreResult<Vec<AdhocRequest>> {
        let sql = format!(
            "SELECT {COLS} FROM adhoc_requests WHERE $1 = 0 OR id IN \
             (SELECT request_id FROM adhoc_request_units WHERE unit_id = $1) ORDER BY id DESC"
        );
        let rows: Vec<RequestDb> = sqlx::query_as(&sql).bind(vis.root().unwrap_or(0)).fetch_all(&self.read).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let units = self.adhoc_units(r.id).await?;
            out.push(r.with_units(units));
        }
        Ok(out)
    }

    async fn adhoc_request(&self, id: i64, vis: Visibility) -> StoreResult<AdhocRequest> {
        let sql = format!("SELECT {COLS} FROM adhoc_requests WHERE id = $1");
        let r: Option<RequestDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        let r = r.ok_or(StoreError::NotFound("yêu cầu báo cáo đột xuất"))?;
        let units = self.adhoc_units(id).await?;
        if vis.root().is_some_and(|u| !units.contains(&u)) {
            return Err(StoreError::NotFound("yêu cầu báo cáo đột xuất")); // not addressed to this unit
        }
        Ok(r.with_units(units))
    }

    async fn adhoc_template(&self, id: i64, vis: Visibility) -> StoreResult<Option<AdhocTemplate>> {
        self.adhoc_request(id, vis).await?;
        let row: Option<(Option<String>, Option<String>, Option<Vec<u8>>)> =
            sqlx::query_as("SELECT template_name, template_type, template FROM adhoc_requests WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
        Ok(match row {
            Some((Some(file_name), Some(content_type), Some(bytes))) => {
                Some(AdhocTemplate { file_name, content_type, bytes })
            }
            _ => None,
        })
    }
}
