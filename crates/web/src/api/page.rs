//! Cursor pagination: a list answers at most `limit` items and an opaque `next_cursor` to
//! ask for the ones after; a cursor is the key of the last item given (lists ordered by a
//! stable key) or, for lists the store pages by position, the position after it.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::problem::{FieldProblem, Problem};

/// Default and largest page sizes.
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;

/// `?cursor=…&limit=…`, shared by every list.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PageQuery {
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

/// A page of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

pub const BAD_CURSOR: &str = "Con trỏ phân trang không hợp lệ; hãy dùng giá trị next_cursor của trang trước.";
pub const BAD_LIMIT: &str = "Số mục mỗi trang phải từ 1 đến 1000.";

impl PageQuery {
    /// The page size asked for.
    pub fn limit(&self) -> Result<usize, Problem> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(bad("/limit", BAD_LIMIT)),
        }
    }

    /// The key the cursor carries (0 when none).
    pub fn after(&self) -> Result<i64, Problem> {
        match &self.cursor {
            None => Ok(0),
            Some(c) => decode(c).ok_or_else(|| bad("/cursor", BAD_CURSOR)),
        }
    }
}

fn bad(pointer: &str, detail: &str) -> Problem {
    let mut p = Problem::new(StatusCode::BAD_REQUEST, detail);
    p.errors.push(FieldProblem { pointer: pointer.into(), detail: detail.into() });
    p
}

/// An opaque cursor for `key`.
pub fn encode(key: i64) -> String {
    format!("c{}", hex::encode(key.to_be_bytes()))
}

fn decode(cursor: &str) -> Option<i64> {
    let bytes = hex::decode(cursor.strip_prefix('c')?).ok()?;
    let arr: [u8; 8] = bytes.try_into().ok()?;
    Some(i64::from_be_bytes(arr)).filter(|k| *k >= 0)
}

/// A page of `items` (ordered by `key`, ascending) after the query's cursor.
pub fn by_key<T>(items: Vec<T>, q: &PageQuery, key: impl Fn(&T) -> i64) -> Result<Page<T>, Problem> {
    let (after, limit) = (q.after()?, q.limit()?);
    let mut rest: Vec<T> = items.into_iter().filter(|i| key(i) > after).collect();
    let next_cursor = (rest.len() > limit).then(|| encode(key(&rest[limit - 1])));
    rest.truncate(limit);
    Ok(Page { items: rest, next_cursor })
}

/// A page of a list the store pages by position: `fetch(offset, limit + 1)`.
pub async fn by_position<T, F, Fut>(q: &PageQuery, fetch: F) -> Result<Page<T>, Problem>
where
    F: FnOnce(i64, i64) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, Problem>>,
{
    let (offset, limit) = (q.after()?, q.limit()?);
    let mut items = fetch(offset, limit as i64 + 1).await?;
    let next_cursor = (items.len() > limit).then(|| encode(offset + limit as i64));
    items.truncate(limit);
    Ok(Page { items, next_cursor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_without_gaps() {
        let q = |cursor: Option<String>| PageQuery { cursor, limit: Some(2) };
        let p1 = by_key(vec![1, 2, 3, 5, 8], &q(None), |i| *i).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p1.items, vec![1, 2]);
        let p2 = by_key(vec![1, 2, 3, 5, 8], &q(p1.next_cursor), |i| *i).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p2.items, vec![3, 5]);
        let p3 = by_key(vec![1, 2, 3, 5, 8], &q(p2.next_cursor), |i| *i).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((p3.items, p3.next_cursor), (vec![8], None));
        assert!(by_key(vec![1], &q(Some("zz".into())), |i| *i).is_err());
        assert!(by_key(vec![1], &PageQuery { cursor: None, limit: Some(0) }, |i| *i).is_err());
    }
}
