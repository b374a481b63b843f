//! Cursor pagination: `limit` and an opaque `cursor` in, `{items, next_cursor}` out.
//! A cursor is the sort key of the last row served, as base64url JSON: clients must not build
//! one, and a tampered one is a 400, never a 500.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, FieldErrors, Msg};

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

/// The paging parameters every list takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 100 (default 20).
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl PageQuery {
    /// The page size, checked against the bounds.
    pub fn limit(&self) -> Result<u64, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
            Some(_) => Err(ApiError::invalid(
                "limit",
                "out_of_range",
                Msg::new("limit harus antara 1 dan 100.", "limit must be between 1 and 100."),
            )),
        }
    }

    /// The sort key after which the page starts, if a cursor was given.
    pub fn after<K: DeserializeOwned>(&self) -> Result<Option<K>, ApiError> {
        let Some(cursor) = &self.cursor else {
            return Ok(None);
        };
        let decoded = URL_SAFE_NO_PAD.decode(cursor).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
        match decoded {
            Some(key) => Ok(Some(key)),
            None => {
                let mut errors = FieldErrors::new();
                errors.add(
                    "cursor",
                    "invalid_cursor",
                    Msg::new("Kursor tidak dikenali.", "The cursor is not recognised."),
                );
                Err(ApiError::BadRequest { detail: Msg::new("Kursor tidak valid.", "Invalid cursor."), errors })
            }
        }
    }
}

/// Encodes a sort key as an opaque cursor.
pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// Cuts rows fetched with `limit + 1` to the page, and makes the cursor of the next page when
/// the extra row says there is one.
pub fn take_page<R, K: Serialize>(mut rows: Vec<R>, limit: u64, key: impl Fn(&R) -> K) -> (Vec<R>, Option<String>) {
    let has_more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = if has_more { rows.last().map(|row| encode_cursor(&key(row))) } else { None };
    (rows, next_cursor)
}

impl<T> Page<T> {
    /// Builds a page from rows fetched with `limit + 1`.
    pub fn from_rows<R, K: Serialize>(
        rows: Vec<R>,
        limit: u64,
        key: impl Fn(&R) -> K,
        map: impl FnMut(R) -> T,
    ) -> Self {
        let (rows, next_cursor) = take_page(rows, limit, key);
        Page { items: rows.into_iter().map(map).collect(), next_cursor }
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, PageQuery};

    #[test]
    fn the_extra_row_makes_a_cursor_that_round_trips() {
        let page: Page<i32> = Page::from_rows(vec![1, 2, 3], 2, |r| *r, |r| r);
        assert_eq!(page.items, vec![1, 2]);
        let query = PageQuery { limit: Some(2), cursor: page.next_cursor };
        assert_eq!(query.after::<i32>().ok().flatten(), Some(2));
        let last: Page<i32> = Page::from_rows(vec![1, 2], 2, |r| *r, |r| r);
        assert!(last.next_cursor.is_none());
    }

    #[test]
    fn a_tampered_cursor_or_limit_is_refused() {
        let query = PageQuery { limit: Some(0), cursor: Some("!!".into()) };
        assert!(query.limit().is_err());
        assert_eq!(query.after::<i32>().err().map(|e| e.status().as_u16()), Some(400));
    }
}
