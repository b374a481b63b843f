//! The ground every Latih crate stands on: ids, the clock, the API error rendered as
//! problem+json, request extractors, cursor pagination, bearer tokens and roles.
//! No domain rules live here.

pub mod auth;
pub mod clock;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod ids;
pub mod lang;
pub mod pagination;
pub mod precondition;
pub mod problem;
pub mod request_id;
pub mod search;
pub mod text;
pub mod text_enum;

pub use auth::{AuthUser, Role, Roles, TokenGuard, TokenKeys};
pub use clock::Clock;
pub use error::{ApiError, ApiResult, FieldErrors, Msg};
pub use extract::{Json, OptionalJson, Query};
pub use lang::Lang;
pub use pagination::{Page, PageQuery};
pub use problem::Problem;
