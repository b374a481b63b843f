//! Identifiers: UUID v7, so ids sort by creation time and keyset pagination stays cheap.

use uuid::Uuid;

/// A new, time-ordered id for any row.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
