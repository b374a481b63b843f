//! The words of competency development, stored as text and spoken in snake_case on the wire.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use latih_kernel::text_enum;

pub use latih_courses::model::CompetencyType;

/// Competency levels run from 1 to 5.
pub const LEVELS: std::ops::RangeInclusive<i32> = 1..=5;

text_enum!(
    /// The tier (jenjang) of a position, from the senior executive ranks down.
    Tier {
        JptMadya = "jpt_madya",
        JptPratama = "jpt_pratama",
        Administrator = "administrator",
        Pengawas = "pengawas",
        Pelaksana = "pelaksana",
        Fungsional = "fungsional",
    }
);

/// Who judged a level: the person, their supervisor, or an assessment center. Stored as its
/// wire word (sea-orm's enum derive cannot take `self`, a Rust keyword).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum AssessmentMethod {
    #[serde(rename = "self")]
    SelfAssessment,
    #[serde(rename = "supervisor")]
    Supervisor,
    #[serde(rename = "assessment_center")]
    AssessmentCenter,
}

impl AssessmentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfAssessment => "self",
            Self::Supervisor => "supervisor",
            Self::AssessmentCenter => "assessment_center",
        }
    }

    /// The stored word back; unknown words (never written by us) count as the least trusted.
    pub fn from_column(word: &str) -> Self {
        match word {
            "assessment_center" => Self::AssessmentCenter,
            "supervisor" => Self::Supervisor,
            _ => Self::SelfAssessment,
        }
    }

    /// Higher is more trusted: a person's current level comes from the most trusted method.
    pub fn trust(self) -> u8 {
        match self {
            Self::SelfAssessment => 1,
            Self::Supervisor => 2,
            Self::AssessmentCenter => 3,
        }
    }
}

text_enum!(
    /// `draft` → `submitted` → `approved` or `rejected`; a rejected plan may be submitted again.
    PlanStatus { Draft = "draft", Submitted = "submitted", Approved = "approved", Rejected = "rejected" }
);

text_enum!(
    /// What a development-plan item is: a course, or learning outside the catalog.
    Activity {
        Course = "course",
        Mentoring = "mentoring",
        Coaching = "coaching",
        Project = "project",
        Internship = "internship",
        Benchmarking = "benchmarking",
        SelfStudy = "self_study",
    }
);

text_enum!(
    /// A survey item: a 1-to-5 agreement scale, or free text.
    ItemKind { Likert = "likert", Text = "text" }
);

/// Summaries appear only once this many learners answered, so no answer leads to a person.
pub const MINIMUM_RESPONDENTS: u64 = 3;
