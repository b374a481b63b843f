//! The words of the courses domain, stored as text and spoken in snake_case on the wire.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use latih_kernel::text_enum;

text_enum!(
    /// Competency type (jenis kompetensi) a course develops.
    CompetencyType { Technical = "technical", Managerial = "managerial", Sociocultural = "sociocultural" }
);

text_enum!(
    /// How a course is delivered. Classroom and webinar courses have scheduled sessions.
    Delivery { SelfPaced = "self_paced", Blended = "blended", Classroom = "classroom", Webinar = "webinar" }
);

text_enum!(
    /// `public`: every organization; `organization`: the owner's people only.
    Visibility { Public = "public", Organization = "organization" }
);

text_enum!(
    /// `draft` → `published` → `archived`.
    CourseStatus { Draft = "draft", Published = "published", Archived = "archived" }
);

text_enum!(
    /// What a lesson holds: Markdown, a video or document (media), a link, or a quiz.
    LessonKind { Text = "text", Video = "video", Document = "document", Link = "link", Quiz = "quiz" }
);

text_enum!(
    /// `active` until the learner completes or withdraws.
    EnrollmentStatus { Active = "active", Completed = "completed", Withdrawn = "withdrawn" }
);

impl Delivery {
    /// Whether the course meets at scheduled times.
    pub fn has_sessions(self) -> bool {
        !matches!(self, Delivery::SelfPaced)
    }
}

/// The text `q` is matched against: title and summary, folded.
pub fn search_text(title: &str, summary: &str) -> String {
    latih_kernel::text::fold(&format!("{title} {summary}"))
}
