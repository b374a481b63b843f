//! The words of the forums domain.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `discussion`, or `question` (which can have an accepted answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize, ToSchema)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ThreadKind {
    #[sea_orm(string_value = "discussion")]
    Discussion,
    #[sea_orm(string_value = "question")]
    Question,
}

/// How long an author may edit their own post.
pub const EDIT_WINDOW_MINUTES: i64 = 30;
/// Minutes of mentoring that make one JP.
pub const MINUTES_PER_JP: i32 = 45;
/// The most meeting minutes one pairing may log for a day (8 hours).
pub const MAX_MINUTES_PER_DAY: i32 = 480;
/// The years a mentorship may run in: what a database of either kind stores as a date, and
/// what anyone means.
pub const MENTORSHIP_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
