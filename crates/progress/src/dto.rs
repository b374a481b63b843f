//! Request and response bodies of the progress endpoints.

use chrono::{DateTime, NaiveDate, Utc};
use latih_courses::dto::LearnerRef;
use latih_courses::model::EnrollmentStatus;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::model::{ClaimStatus, JpSource, LessonStatus};

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProgressInput {
    pub status: LessonStatus,
    #[serde(default)]
    pub position_seconds: i32,
    /// Seconds spent since the last report (added once per event).
    #[serde(default)]
    pub time_spent_seconds: i32,
    /// When the device recorded this; times far ahead of the server are clamped.
    pub client_recorded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LessonProgressDto {
    pub lesson_id: Uuid,
    pub course_id: Uuid,
    pub status: LessonStatus,
    pub position_seconds: i32,
    pub time_spent_seconds: i32,
    pub completed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// True when the device clock ran far ahead and its time was clamped.
    pub clock_skew: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BatchInput {
    /// At most 500 events.
    pub events: Vec<BatchEvent>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BatchEvent {
    /// Made by the device, unique per event: a replay with the same id changes nothing.
    pub client_event_id: String,
    pub lesson_id: Uuid,
    pub status: LessonStatus,
    #[serde(default)]
    pub position_seconds: i32,
    #[serde(default)]
    pub time_spent_seconds: i32,
    pub client_recorded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BatchReport {
    /// Events merged now.
    pub accepted: u32,
    /// Events already merged before (by `client_event_id`); nothing changed for them.
    pub duplicates: u32,
    /// Events refused, each with a reason: `unknown_lesson`, `not_enrolled`, `quiz_lesson`,
    /// `invalid_event`.
    pub rejected: Vec<RejectedEvent>,
    /// Accepted events whose device clock ran far ahead; their time was clamped.
    pub clock_skew: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RejectedEvent {
    pub client_event_id: String,
    pub code: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseProgressDto {
    pub course_id: Uuid,
    pub status: EnrollmentStatus,
    /// Share of the required lessons done (quiz lessons count when their quiz is passed).
    pub percent: i32,
    pub completed_lessons: u32,
    pub required_lessons: u32,
    pub completed_at: Option<DateTime<Utc>>,
    /// What still stands between the learner and completion.
    pub missing: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LearnerProgress {
    pub enrollment_id: Uuid,
    pub learner: LearnerRef,
    pub status: EnrollmentStatus,
    pub percent: i32,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateDto {
    pub id: Uuid,
    pub code: String,
    pub number: String,
    pub course_id: Uuid,
    pub course_title: String,
    pub jp: i32,
    pub issued_at: DateTime<Utc>,
}

/// What anyone may learn from a certificate code; nothing more personal than this.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    pub valid: bool,
    pub learner_name: Option<String>,
    pub course_title: Option<String>,
    pub jp: Option<i32>,
    pub issued_at: Option<DateTime<Utc>>,
    /// The issuing organization.
    pub organization: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParam {
    /// Defaults to this year in the organization's time zone.
    pub year: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JpLedger {
    pub year: i32,
    pub target: i32,
    pub earned: i32,
    pub entries: Vec<JpEntryDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JpEntryDto {
    pub source: JpSource,
    pub title: String,
    pub jp: i32,
    pub date: NaiveDate,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateClaim {
    #[schema(example = "Workshop SPBE Provinsi NTT")]
    pub title: String,
    pub provider: String,
    pub jp: i32,
    pub date: NaiveDate,
    /// A `ready` file uploaded by the claimant with purpose `evidence`.
    pub evidence_media_id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimDto {
    pub id: Uuid,
    pub user_id: Uuid,
    pub title: String,
    pub provider: String,
    pub jp: i32,
    pub date: NaiveDate,
    pub evidence_media_id: Uuid,
    pub status: ClaimStatus,
    pub reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RejectClaim {
    pub reason: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClaimFilter {
    pub status: Option<ClaimStatus>,
    /// Platform admins name the organization.
    pub organization_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// Defaults to the caller's organization.
    pub organization_id: Option<Uuid>,
    pub year: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JpReport {
    pub organization_id: Uuid,
    pub year: i32,
    pub target: i32,
    pub learners: u32,
    pub compliant: u32,
    pub percent: f64,
    pub units: Vec<UnitRow>,
    /// Everyone still below the target, fewest JP first.
    pub below_target: Vec<BelowTarget>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitRow {
    /// `null` for people without a unit.
    pub unit_id: Option<Uuid>,
    pub unit_name: String,
    pub learners: u32,
    pub compliant: u32,
    pub percent: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BelowTarget {
    pub user_id: Uuid,
    pub name: String,
    pub nip: Option<String>,
    pub unit_id: Option<Uuid>,
    pub earned: i32,
}
