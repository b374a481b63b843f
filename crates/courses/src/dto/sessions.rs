//! Request and response bodies of classroom and webinar sessions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::LearnerRef;

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    pub id: Uuid,
    pub course_id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
    pub capacity: i32,
    pub registered: i32,
    pub seats_left: i32,
    /// The speaker's display name.
    pub speaker: Option<String>,
    /// The speaker's account, when they have one.
    pub speaker_user_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateSession {
    /// Defaults to the course title.
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Where a classroom session meets; required for `classroom` courses.
    pub location: Option<String>,
    /// The meeting link (http or https); required for `webinar` courses.
    pub meeting_url: Option<String>,
    pub capacity: i32,
    /// The speaker's display name (1 to 200 characters); external speakers have no account.
    /// Defaults to the name of `speaker_user_id`.
    pub speaker: Option<String>,
    /// The speaker's account, a person of the course's organization, when they have one.
    pub speaker_user_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationDto {
    pub id: Uuid,
    pub session_id: Uuid,
    pub user_id: Uuid,
    pub registered_at: DateTime<Utc>,
    /// `null` until staff mark attendance.
    pub present: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionRegistration {
    #[serde(flatten)]
    pub registration: RegistrationDto,
    pub learner: LearnerRef,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Attendance {
    pub present: bool,
}
