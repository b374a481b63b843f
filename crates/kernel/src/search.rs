//! Free-text `q` filters as escaped, case-folded `LIKE` patterns that behave the same on SQLite
//! and PostgreSQL.

use sea_orm::sea_query::LikeExpr;

/// A `LIKE` matching any text that contains `q` (lower-cased; `%`, `_` and `\` taken literally).
/// Compare it against a lower-cased column.
pub fn contains(q: &str) -> LikeExpr {
    let escaped = q.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}
