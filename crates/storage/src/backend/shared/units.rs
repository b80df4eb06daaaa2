//! Registry queries: units, their contacts, reorganisations and bulk import.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use cchc_domain::registry_file::UnitRow;
use cchc_domain::text::fold;
use cchc_domain::unit::{validate_change, ChangeKind, Unit, UnitChange, UnitContact, UnitId, UnitInput, UnitKind};
use cchc_domain::user::Actor;
use chrono::{Days, NaiveDate};
use sqlx::QueryBuilder;

use super::{append_audit, corrupt, event, join_list, now, split_list, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{ImportReport, NewChange, SuccessorSpec, UnitFilter};
use crate::traits::UnitStore;

const UNIT_COLS: &str = "id, code, kind, parent_id, name, abbreviations, aliases, valid_from, valid_to, note";

#[derive(sqlx::FromRow)]
struct UnitDb {
    id: i64,
    code: String,
    kind: String,
    parent_id: Option<i64>,
    name: String,
    abbreviations: String,
    aliases: String,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    note: String,
}

impl TryFrom<UnitDb> for Unit {
    type Error = StoreError;
    fn try_from(r: UnitDb) -> Result<Unit, StoreError> {
        let kind = UnitKind::parse(&r.kind).ok_or_else(|| corrupt("loại đơn vị", &r.kind))?;
        Ok(Unit {
            id: r.id,
            code: r.code,
            kind,
            parent_id: r.parent_id,
            name: r.name,
            abbreviations: split_list(&r.abbreviations),
            aliases: split_list(&r.aliases),
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            note: r.note,
        })
    }
}

fn to_units(rows: Vec<UnitDb>) -> StoreResult<Vec<Unit>> {
    rows.into_iter().map(Unit::try_from).collect()
}

/// Everything searchable about a unit, folded once at write time.
pub(super) fn search_fold(i: &UnitInput) -> String {
    let mut s = format!("{} {}", i.code, i.name);
    for a in i.abbreviations.iter().chain(&i.aliases) {
        s.push(' ');
        s.push_str(a);
    }
    fold(&s)
}

fn kind_code(i: &UnitInput) -> &'static str {
    i.kind.unwrap_or(UnitKind::Other).code()
}

async fn fetch_unit(tx: &mut Tx, id: UnitId) -> StoreResult<Unit> {
    let sql = format!("SELECT {UNIT_COLS} FROM units WHERE id = $1");
    let row: Option<UnitDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    row.ok_or(StoreError::NotFound("đơn vị"))?.try_into()
}

async fn insert_unit(tx: &mut Tx, i: &UnitInput) -> StoreResult<UnitId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO units (code, kind, parent_id, name, name_fold, abbreviations, aliases, \
         search_fold, valid_from, valid_to, note, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(&i.code)
    .bind(kind_code(i))
    .bind(i.parent_id)
    .bind(&i.name)
    .bind(fold(&i.name))
    .bind(join_list(&i.abbreviations))
    .bind(join_list(&i.aliases))
    .bind(search_fold(i))
    .bind(i.valid_from)
    .bind(i.valid_to)
    .bind(&i.note)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

async fn write_unit(tx: &mut Tx, id: UnitId, i: &UnitInput) -> StoreResult<()> {
    sqlx::query(
        "UPDATE units SET code = $1, kind = $2, parent_id = $3, name = $4, name_fold = $5, \
         abbreviations = $6, aliases = $7, search_fold = $8, valid_from = $9, valid_to = $10, \
         note = $11, updated_at = $12 WHERE id = $13",
    )
    .bind(&i.code)
    .bind(kind_code(i))
    .bind(i.parent_id)
    .bind(&i.name)
    .bind(fold(&i.name))
    .bind(join_list(&i.abbreviations))
    .bind(join_list(&i.aliases))
    .bind(search_fold(i))
    .bind(i.valid_from)
    .bind(i.valid_to)
    .bind(&i.note)
    .bind(now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Refuses a parent that is the unit itself or one of its descendants.
async fn check_parent(tx: &mut Tx, id: Option<UnitId>, parent: Option<UnitId>) -> StoreResult<()> {
    let mut cur = parent;
    let mut hops = 0;
    while let Some(p) = cur {
        if Some(p) == id {
            return Err(StoreError::Invalid("đơn vị cha không thể là chính nó hoặc đơn vị cấp dưới của nó".into()));
        }
        let next: Option<Option<i64>> =
            sqlx::query_scalar("SELECT parent_id FROM units WHERE id = $1").bind(p).fetch_optional(&mut **tx).await?;
        cur = next.ok_or_else(|| StoreError::Invalid("đơn vị cha không tồn tại".into()))?;
        hops += 1;
        if hops > 64 {
            return Err(StoreError::Invalid("cây đơn vị có vòng lặp".into()));
        }
    }
    Ok(())
}

fn input_of(u: &Unit) -> UnitInput {
    UnitInput {
        code: u.code.clone(),
        kind: Some(u.kind),
        parent_id: u.parent_id,
        name: u.name.clone(),
        abbreviations: u.abbreviations.clone(),
        aliases: u.aliases.clone(),
        valid_from: u.valid_from,
        valid_to: u.valid_to,
        note: u.note.clone(),
    }
}

async fn load_changes(pool: &sqlx::Pool<super::Db>, unit: Option<UnitId>) -> StoreResult<Vec<UnitChange>> {
    let heads: Vec<(i64, String, NaiveDate, String)> = match unit {
        Some(u) => {
            sqlx::query_as(
                "SELECT c.id, c.kind, c.effective, c.note FROM unit_changes c WHERE c.id IN \
             (SELECT change_id FROM unit_change_links WHERE unit_id = $1) ORDER BY c.effective, c.id",
            )
            .bind(u)
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query_as("SELECT id, kind, effective, note FROM unit_changes ORDER BY effective, id")
                .fetch_all(pool)
                .await?
        }
    };
    let links: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT change_id, unit_id, side FROM unit_change_links ORDER BY change_id, unit_id")
            .fetch_all(pool)
            .await?;
    let mut by_change: HashMap<i64, (Vec<UnitId>, Vec<UnitId>)> = HashMap::new();
    for (c, u, side) in links {
        let e = by_change.entry(c).or_default();
        if side == "from" {
            e.0.push(u);
        } else {
            e.1.push(u);
        }
    }
    heads
        .into_iter()
        .map(|(id, kind, effective, note)| {
            let kind = ChangeKind::parse(&kind).ok_or_else(|| corrupt("hình thức thay đổi", &kind))?;
            let (predecessors, successors) = by_change.remove(&id).unwrap_or_default();
            Ok(UnitChange { id, kind, effective, predecessors, successors, note })
        })
        .collect()
}

async fn insert_change(
    tx: &mut Tx,
    kind: ChangeKind,
    effective: NaiveDate,
    preds: &[UnitId],
    succs: &[UnitId],
    note: &str,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO unit_changes (kind, effective, note, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(kind.code())
    .bind(effective)
    .bind(note)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    for (side, ids) in [("from", preds), ("to", succs)] {
        for u in ids {
            sqlx::query("INSERT INTO unit_change_links (change_id, unit_id, side) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(u)
                .bind(side)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(id)
}

#[async_trait]
impl UnitStore for SqlStore {
    async fn list_units(&self, f: &UnitFilter) -> StoreResult<Vec<Unit>> {
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new(format!("SELECT {UNIT_COLS} FROM units WHERE 1 = 1"));
        if let Some(words) = f.query.as_deref().map(fold) {
            for w in words.split(' ').filter(|w| !w.is_empty()) {
                q.push(" AND search_fold LIKE ")
                    .push_bind(format!("%{}%", super::audit::like_escape(w)))
                    .push(" ESCAPE '\\'");
            }
        }
        if let Some(k) = f.kind {
            q.push(" AND kind = ").push_bind(k.code());
        }
        if let Some(p) = f.parent_id {
            q.push(" AND parent_id = ").push_bind(p);
        }
        if let Some(d) = f.active_on {
            q.push(" AND (valid_from IS NULL OR valid_from <= ").push_bind(d);
            q.push(") AND (valid_to IS NULL OR valid_to >= ").push_bind(d).push(")");
        }
        q.push(" ORDER BY name_fold, id");
        if let Some(l) = f.limit {
            q.push(" LIMIT ").push_bind(l);
        }
        let rows: Vec<UnitDb> = q.build_query_as().fetch_all(&self.read).await?;
        let mut units = to_units(rows)?;
        units.sort_by_key(|u| u.kind);
        Ok(units)
    }

    async fn all_units(&self) -> StoreResult<Vec<Unit>> {
        let sql = format!("SELECT {UNIT_COLS} FROM units ORDER BY id");
        to_units(sqlx::query_as(&sql).fetch_all(&self.read).await?)
    }

    async fn get_unit(&self, id: UnitId) -> StoreResult<Unit> {
        let sql = format!("SELECT {UNIT_COLS} FROM units WHERE id = $1");
        let row: Option<UnitDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        row.ok_or(StoreError::NotFound("đơn vị"))?.try_into()
    }

    async fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>> {
        let sql = format!("SELECT {UNIT_COLS} FROM units WHERE code = $1");
        let row: Option<UnitDb> =
            sqlx::query_as(&sql).bind(code.trim().to_uppercase()).fetch_optional(&self.read).await?;
        row.map(Unit::try_from).transpose()
    }

    async fn unit_contact(&self, id: UnitId) -> StoreResult<UnitContact> {
        let row: Option<(String, String, String, String)> =
            sqlx::query_as("SELECT contact_person, phone, email, address FROM units WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
        let (contact_person, phone, email, address) = row.ok_or(StoreError::NotFound("đơn vị"))?;
        Ok(UnitContact { contact_person, phone, email, address })
    }

    async fn create_unit(&self, actor: &Actor, input: &UnitInput) -> StoreResult<Unit> {
        let mut tx = self.begin_write().await?;
        check_parent(&mut tx, None, input.parent_id).await?;
        let id = insert_unit(&mut tx, input).await?;
        let unit = fetch_unit(&mut tx, id).await?;
        append_audit(&mut tx, actor, &[event::<Unit, Unit>("unit.create", "unit", id, None, Some(&unit))]).await?;
        tx.commit().await?;
        Ok(unit)
    }

    async fn update_unit(&self, actor: &Actor, id: UnitId, input: &UnitInput) -> StoreResult<Unit> {
        let mut tx = self.begin_write().await?;
        let before = fetch_unit(&mut tx, id).await?;
        check_parent(&mut tx, Some(id), input.parent_id).await?;
        write_unit(&mut tx, id, input).await?;
        let after = fetch_unit(&mut tx, id).await?;
        if after != before {
            append_audit(&mut tx, actor, &[event("unit.update", "unit", id, Some(&before), Some(&after))]).await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    async fn update_unit_contact(&self, actor: &Actor, id: UnitId, c: &UnitContact) -> StoreResult<UnitContact> {
        let mut tx = self.begin_write().await?;
        let before: Option<(String, String, String, String)> =
            sqlx::query_as("SELECT contact_person, phone, email, address FROM units WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let (contact_person, phone, email, address) = before.ok_or(StoreError::NotFound("đơn vị"))?;
        let before = UnitContact { contact_person, phone, email, address };
        if before != *c {
            sqlx::query(
                "UPDATE units SET contact_person = $1, phone = $2, email = $3, address = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(&c.contact_person)
            .bind(&c.phone)
            .bind(&c.email)
            .bind(&c.address)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            append_audit(&mut tx, actor, &[event("unit.contact", "unit", id, Some(&before), Some(c))]).await?;
        }
        tx.commit().await?;
        Ok(c.clone())
    }

    async fn record_change(&self, actor: &Actor, change: &NewChange) -> StoreResult<UnitChange> {
        let mut tx = self.begin_write().await?;
        let mut audit = Vec::new();
        let last_day = change
            .effective
            .checked_sub_days(Days::new(1))
            .ok_or_else(|| StoreError::Invalid("ngày hiệu lực không hợp lệ".into()))?;
        // Successors: existing units, or new ones that begin on the effective date.
        let mut succs = Vec::new();
        for s in &change.successors {
            match s {
                SuccessorSpec::Existing(id) => {
                    fetch_unit(&mut tx, *id).await?;
                    succs.push(*id);
                }
                SuccessorSpec::New(input) => {
                    let mut input = input.clone();
                    input.valid_from = Some(change.effective);
                    check_parent(&mut tx, None, input.parent_id).await?;
                    let id = insert_unit(&mut tx, &input).await?;
                    let unit = fetch_unit(&mut tx, id).await?;
                    audit.push(event::<Unit, Unit>("unit.create", "unit", id, None, Some(&unit)));
                    succs.push(id);
                }
            }
        }
        validate_change(change.kind, &change.predecessors, &succs).map_err(|e| StoreError::Invalid(e.to_string()))?;
        for &p in &change.predecessors {
            let before = fetch_unit(&mut tx, p).await?;
            if succs.contains(&p) {
                continue; // the absorbing unit carries on
            }
            if before.has_ended_by(change.effective) {
                return Err(StoreError::Conflict(format!(
                    "đơn vị «{}» đã kết thúc hoạt động trước ngày hiệu lực",
                    before.name
                )));
            }
            if before.valid_from.is_some_and(|f| f > last_day) {
                return Err(StoreError::Invalid(format!(
                    "đơn vị «{}» bắt đầu hoạt động sau ngày hiệu lực của thay đổi",
                    before.name
                )));
            }
            let mut input = input_of(&before);
            input.valid_to = Some(last_day);
            write_unit(&mut tx, p, &input).await?;
            let after = fetch_unit(&mut tx, p).await?;
            audit.push(event("unit.end", "unit", p, Some(&before), Some(&after)));
        }
        let id =
            insert_change(&mut tx, change.kind, change.effective, &change.predecessors, &succs, &change.note).await?;
        let recorded = UnitChange {
            id,
            kind: change.kind,
            effective: change.effective,
            predecessors: change.predecessors.clone(),
            successors: succs,
            note: change.note.clone(),
        };
        audit.push(event::<UnitChange, UnitChange>("unit.change", "unit_change", id, None, Some(&recorded)));
        super::handover::move_open_work(&mut tx, &recorded, &mut audit).await?;
        append_audit(&mut tx, actor, &audit).await?;
        tx.commit().await?;
        Ok(recorded)
    }

    async fn list_changes(&self, unit: Option<UnitId>) -> StoreResult<Vec<UnitChange>> {
        load_changes(&self.read, unit).await
    }

    async fn import_units(&self, actor: &Actor, rows: &[UnitRow]) -> StoreResult<ImportReport> {
        let mut tx = self.begin_write().await?;
        let mut report = ImportReport::default();
        let mut audit = Vec::new();
        let existing: Vec<UnitDb> =
            sqlx::query_as(&format!("SELECT {UNIT_COLS} FROM units")).fetch_all(&mut *tx).await?;
        let mut ids: HashMap<String, UnitId> = existing.iter().map(|u| (u.code.clone(), u.id)).collect();
        // First pass: every unit exists (parents may come later in the file).
        let mut pending = Vec::new();
        for r in rows {
            let mut input = row_input(r);
            input.parent_id = None;
            match ids.get(&input.code) {
                Some(&id) => pending.push((r, id, false)),
                None => {
                    let id = insert_unit(&mut tx, &input).await?;
                    ids.insert(input.code.clone(), id);
                    pending.push((r, id, true));
                }
            }
        }
        // Second pass: parents, and the final field values with audit of what changed.
        for (r, id, created) in pending {
            let before = if created { None } else { Some(fetch_unit(&mut tx, id).await?) };
            let mut input = row_input(r);
            input.parent_id = match &r.parent_code {
                Some(code) => Some(*ids.get(&code.to_uppercase()).ok_or_else(|| {
                    StoreError::Invalid(format!("dòng {}: mã đơn vị cha «{code}» không tồn tại", r.line))
                })?),
                None => None,
            };
            check_parent(&mut tx, Some(id), input.parent_id).await?;
            write_unit(&mut tx, id, &input).await?;
            let after = fetch_unit(&mut tx, id).await?;
            match before {
                None => {
                    report.created += 1;
                    audit.push(event::<Unit, Unit>("unit.create", "unit", id, None, Some(&after)));
                }
                Some(b) if b != after => {
                    report.updated += 1;
                    audit.push(event("unit.update", "unit", id, Some(&b), Some(&after)));
                }
                Some(_) => report.unchanged += 1,
            }
        }
        // Reorganisations: rows sharing kind, end date and successors form one change.
        let mut groups: BTreeMap<(String, NaiveDate, Vec<UnitId>), Vec<UnitId>> = BTreeMap::new();
        for r in rows {
            let (Some(kind), Some(end)) = (r.change, r.valid_to) else { continue };
            let mut succ = Vec::new();
            for c in &r.successor_codes {
                succ.push(*ids.get(&c.to_uppercase()).ok_or_else(|| {
                    StoreError::Invalid(format!("dòng {}: mã đơn vị kế thừa «{c}» không tồn tại", r.line))
                })?);
            }
            succ.sort_unstable();
            let pred = *ids.get(&r.code.to_uppercase()).ok_or(StoreError::NotFound("đơn vị"))?;
            groups.entry((kind.code().to_string(), end, succ)).or_default().push(pred);
        }
        let known: Vec<UnitChange> = {
            let heads: Vec<(i64, String, NaiveDate, String)> =
                sqlx::query_as("SELECT id, kind, effective, note FROM unit_changes").fetch_all(&mut *tx).await?;
            let links: Vec<(i64, i64, String)> =
                sqlx::query_as("SELECT change_id, unit_id, side FROM unit_change_links").fetch_all(&mut *tx).await?;
            heads
                .into_iter()
                .filter_map(|(id, kind, effective, note)| {
                    let kind = ChangeKind::parse(&kind)?;
                    let mut p: Vec<_> = links.iter().filter(|l| l.0 == id && l.2 == "from").map(|l| l.1).collect();
                    let mut s: Vec<_> = links.iter().filter(|l| l.0 == id && l.2 == "to").map(|l| l.1).collect();
                    p.sort_unstable();
                    s.sort_unstable();
                    Some(UnitChange { id, kind, effective, predecessors: p, successors: s, note })
                })
                .collect()
        };
        for ((kind, end, succs), mut preds) in groups {
            let kind = ChangeKind::parse(&kind).ok_or_else(|| corrupt("hình thức thay đổi", &kind))?;
            let effective = end.checked_add_days(Days::new(1)).unwrap_or(end);
            preds.sort_unstable();
            let already = known.iter().any(|c| {
                c.kind == kind
                    && c.effective == effective
                    && c.successors == succs
                    && preds.iter().all(|p| c.predecessors.contains(p))
            });
            if already {
                continue;
            }
            let note = rows
                .iter()
                .find(|r| ids.get(&r.code.to_uppercase()).is_some_and(|id| preds.contains(id)))
                .map(|r| r.note.clone())
                .unwrap_or_default();
            let id = insert_change(&mut tx, kind, effective, &preds, &succs, &note).await?;
            let rec = UnitChange { id, kind, effective, predecessors: preds, successors: succs, note };
            audit.push(event::<UnitChange, UnitChange>("unit.change", "unit_change", id, None, Some(&rec)));
            report.changes += 1;
        }
        if !audit.is_empty() {
            append_audit(&mut tx, actor, &audit).await?;
        }
        tx.commit().await?;
        Ok(report)
    }
}

fn row_input(r: &UnitRow) -> UnitInput {
    UnitInput {
        code: r.code.trim().to_uppercase(),
        kind: Some(r.kind),
        parent_id: None,
        name: r.name.clone(),
        abbreviations: r.abbreviations.clone(),
        aliases: r.aliases.clone(),
        valid_from: r.valid_from,
        valid_to: r.valid_to,
        note: r.note.clone(),
    }
}
