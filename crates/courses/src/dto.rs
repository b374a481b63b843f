//! Request and response bodies of the courses endpoints.

pub mod sessions;

pub use sessions::{Attendance, CreateSession, RegistrationDto, SessionDto, SessionRegistration};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::entity::{course, lesson, section};
use crate::model::{CompetencyType, CourseStatus, Delivery, EnrollmentStatus, LessonKind, Visibility};

/// A person shown beside a course or session: an instructor or speaker.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PersonRef {
    pub id: Uuid,
    pub name: String,
    /// True for people without a NIP (external speakers, partners).
    pub external: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseDto {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub summary: String,
    /// Markdown, as written.
    pub description: String,
    /// `description` rendered to sanitized HTML.
    pub description_html: String,
    /// The approved JP credit (1 JP = 45 minutes): what completing the course earns.
    pub jp: i32,
    /// The JP its staff asked for; shown to course staff only.
    pub jp_requested: Option<i32>,
    /// `approved` once the JP is settled; `pending` while a draft, or while JP above what the
    /// required content backs waits for an org admin.
    pub jp_approval: JpApproval,
    pub competency_type: CompetencyType,
    pub delivery: Delivery,
    pub visibility: Visibility,
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub status: CourseStatus,
    /// Grows with every change; the `ETag` is `"<version>"`.
    pub version: i32,
    pub instructors: Vec<PersonRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
}

impl CourseDto {
    /// `staff_view` shows the requested JP.
    pub fn new(m: course::Model, tags: Vec<String>, instructors: Vec<PersonRef>, staff_view: bool) -> Self {
        Self {
            jp_requested: staff_view.then_some(m.jp_requested),
            jp_approval: if m.jp_approved_at.is_some() { JpApproval::Approved } else { JpApproval::Pending },
            id: m.id,
            organization_id: m.organization_id,
            description_html: latih_kernel::text::markdown_to_safe_html(&m.description),
            title: m.title,
            summary: m.summary,
            description: m.description,
            jp: m.jp,
            competency_type: m.competency_type,
            delivery: m.delivery,
            visibility: m.visibility,
            tags,
            category: m.category,
            status: m.status,
            version: m.version,
            instructors,
            created_at: m.created_at,
            updated_at: m.updated_at,
            published_at: m.published_at,
            archived_at: m.archived_at,
        }
    }
}

/// Whether a course's JP is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JpApproval {
    Approved,
    Pending,
}

/// An org admin's decision on a course's JP.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApproveJp {
    /// The JP to credit: 0 up to what staff requested.
    pub jp: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateCourse {
    #[schema(example = "Pelayanan Publik Prima")]
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub description: Option<String>,
    /// The JP requested. Up to what required content backs (required lesson minutes and session
    /// hours, 45 minutes a JP, rounded up) it is approved when the course is published; above
    /// that, an org admin approves it.
    pub jp: i32,
    pub competency_type: CompetencyType,
    pub delivery: Delivery,
    pub visibility: Visibility,
    pub tags: Option<Vec<String>>,
    pub category: Option<String>,
    /// Platform admins name the owning organization; everyone else creates in their own.
    pub organization_id: Option<Uuid>,
}

/// Fields to change; absent fields stay, `category: null` clears it.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UpdateCourse {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub jp: Option<i32>,
    pub competency_type: Option<CompetencyType>,
    pub delivery: Option<Delivery>,
    pub visibility: Option<Visibility>,
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogFilter {
    /// Words in the title or summary, ignoring case and accents.
    pub q: Option<String>,
    pub competency_type: Option<CompetencyType>,
    pub delivery: Option<Delivery>,
    pub tag: Option<String>,
    /// Learners only ever see `published`; staff may ask for `draft` or `archived`.
    pub status: Option<CourseStatus>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SectionDto {
    pub id: Uuid,
    pub course_id: Uuid,
    pub title: String,
    pub position: i32,
}

impl From<section::Model> for SectionDto {
    fn from(m: section::Model) -> Self {
        Self { id: m.id, course_id: m.course_id, title: m.title, position: m.position }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateSection {
    pub title: String,
    /// 0-based place in the outline; appended when absent or past the end.
    pub position: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateSection {
    pub title: String,
}

/// A lesson as listed in an outline: everything but its body.
#[derive(Debug, Serialize, ToSchema)]
pub struct LessonSummary {
    pub id: Uuid,
    pub section_id: Uuid,
    pub title: String,
    pub kind: LessonKind,
    pub media_id: Option<Uuid>,
    pub url: Option<String>,
    pub quiz_id: Option<Uuid>,
    pub duration_minutes: i32,
    pub required: bool,
    pub position: i32,
    pub version: i32,
}

impl From<&lesson::Model> for LessonSummary {
    fn from(m: &lesson::Model) -> Self {
        Self {
            id: m.id,
            section_id: m.section_id,
            title: m.title.clone(),
            kind: m.kind,
            media_id: m.media_id,
            url: m.url.clone(),
            quiz_id: m.quiz_id,
            duration_minutes: m.duration_minutes,
            required: m.required,
            position: m.position,
            version: m.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LessonDto {
    pub id: Uuid,
    pub course_id: Uuid,
    pub section_id: Uuid,
    pub title: String,
    pub kind: LessonKind,
    /// Markdown, for `text` lessons (and notes on others).
    pub body: Option<String>,
    /// `body` rendered to sanitized HTML.
    pub body_html: Option<String>,
    pub media_id: Option<Uuid>,
    pub url: Option<String>,
    pub quiz_id: Option<Uuid>,
    /// Estimated minutes.
    pub duration_minutes: i32,
    /// Counts toward completion.
    pub required: bool,
    pub position: i32,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<lesson::Model> for LessonDto {
    fn from(m: lesson::Model) -> Self {
        Self {
            body_html: m.body.as_deref().map(latih_kernel::text::markdown_to_safe_html),
            id: m.id,
            course_id: m.course_id,
            section_id: m.section_id,
            title: m.title,
            kind: m.kind,
            body: m.body,
            media_id: m.media_id,
            url: m.url,
            quiz_id: m.quiz_id,
            duration_minutes: m.duration_minutes,
            required: m.required,
            position: m.position,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateLesson {
    pub title: String,
    pub kind: LessonKind,
    /// Markdown; required for `text` lessons.
    pub body: Option<String>,
    /// Required for `video` and `document` lessons: a ready `lesson` file of the course's
    /// organization that the caller uploaded or that a course they staff already uses.
    pub media_id: Option<Uuid>,
    /// Required for `link` lessons: an http(s) address.
    pub url: Option<String>,
    /// Required for `quiz` lessons: a quiz of the same course.
    pub quiz_id: Option<Uuid>,
    #[serde(default)]
    pub duration_minutes: i32,
    /// Defaults to true.
    pub required: Option<bool>,
    /// 0-based place in the section; appended when absent.
    pub position: Option<i32>,
}

/// Fields to change; absent fields stay, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UpdateLesson {
    pub title: Option<String>,
    pub kind: Option<LessonKind>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<String>)]
    pub body: Option<Option<String>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub media_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<String>)]
    pub url: Option<Option<String>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub quiz_id: Option<Option<Uuid>>,
    pub duration_minutes: Option<i32>,
    pub required: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutlineSection {
    pub id: Uuid,
    pub title: String,
    pub position: i32,
    pub lessons: Vec<LessonSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Outline {
    pub course: CourseDto,
    pub sections: Vec<OutlineSection>,
}

/// The whole order of an outline: every section, each with every one of its lessons.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OutlineOrder {
    pub sections: Vec<SectionOrder>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SectionOrder {
    pub id: Uuid,
    /// The section's lessons in order; a lesson may move here from another section.
    pub lessons: Vec<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnrollmentDto {
    pub id: Uuid,
    pub course_id: Uuid,
    pub user_id: Uuid,
    pub status: EnrollmentStatus,
    /// Deadline, a date in the organization's time zone.
    pub due_on: Option<NaiveDate>,
    /// Past `due_on` (in the organization's time zone) and not completed.
    pub overdue: bool,
    pub enrolled_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Share of the required lessons done, 0 to 100.
    pub progress_percent: i32,
}

/// An assignment by an org admin; an empty body (or one without `user_ids`) is self-enrolment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignEnrollments {
    /// 1 to 1000 people of the admin's organization.
    pub user_ids: Option<Vec<Uuid>>,
    /// Deadline in the organization's time zone; today or later.
    pub due_on: Option<NaiveDate>,
}

/// One of the caller's enrolments, with the course it is in.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyEnrollment {
    #[serde(flatten)]
    pub enrollment: EnrollmentDto,
    pub course_title: String,
    pub course_jp: i32,
    pub course_status: CourseStatus,
}

/// An enrolment as staff and org admins see it, with the learner.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseEnrollment {
    #[serde(flatten)]
    pub enrollment: EnrollmentDto,
    pub learner: LearnerRef,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LearnerRef {
    pub id: Uuid,
    pub name: String,
    /// Shown to people of the learner's own organization only.
    pub email: Option<String>,
    pub nip: Option<String>,
    pub organization_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnrollmentFilter {
    pub status: Option<EnrollmentStatus>,
}
