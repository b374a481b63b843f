//! One unit of background work: what to do (`kind`, `payload`), when, and how it went.

use latih_kernel::text_enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

text_enum!(
    /// Where a job stands: `failed` jobs wait for their next try, `dead` ones for an operator.
    JobStatus {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
        Dead = "dead",
    }
);

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub payload: Json,
    /// Higher runs first among due jobs.
    pub priority: i16,
    pub status: JobStatus,
    /// Tries started so far, the running one included.
    pub attempts: i32,
    pub max_attempts: i32,
    /// Not claimed before this instant (the first run, or the next retry).
    pub run_at: DateTimeUtc,
    /// The node holding the job while it runs.
    pub locked_by: Option<String>,
    /// When a running job's lease ends: a node that died mid-job gives it up then.
    pub locked_until: Option<DateTimeUtc>,
    /// At most one queued, running or finished job has this key: enqueueing it again is a no-op.
    #[sea_orm(unique)]
    pub dedup_key: Option<String>,
    /// The organization the work belongs to, for its admins' view of the queue.
    pub organization_id: Option<Uuid>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
