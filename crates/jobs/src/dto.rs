//! What the API shows of a job: its kind and how it went, never its payload (which may name
//! people or carry addresses).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::entity::job::{self, JobStatus};

/// A job in the queue.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Job)]
pub struct JobDto {
    pub id: Uuid,
    pub kind: String,
    pub status: JobStatus,
    /// Tries started so far.
    pub attempts: i32,
    pub max_attempts: i32,
    /// When it runs next (queued or failed), or last became due.
    pub run_at: DateTime<Utc>,
    pub organization_id: Option<Uuid>,
    /// The last try's error, for operators.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<job::Model> for JobDto {
    fn from(row: job::Model) -> Self {
        Self {
            id: row.id,
            kind: row.kind,
            status: row.status,
            attempts: row.attempts,
            max_attempts: row.max_attempts,
            run_at: row.run_at,
            organization_id: row.organization_id,
            last_error: row.last_error,
            created_at: row.created_at,
            finished_at: row.finished_at,
        }
    }
}

/// Filters of the job list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobFilter {
    /// Only jobs of this kind, e.g. `email.send`.
    pub kind: Option<String>,
    pub status: Option<JobStatus>,
    /// Platform admins only: jobs of one organization.
    pub organization_id: Option<Uuid>,
}
