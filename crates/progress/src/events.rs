//! The domain events progress publishes, in the transaction of the change, for subscribers in
//! any crate and for integrators (webhooks, xAPI) that read them by name.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::ClaimStatus;

/// A learner completed a course (once per enrolment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseCompleted {
    pub enrollment_id: Uuid,
    pub course_id: Uuid,
    pub user_id: Uuid,
    /// The learner's organization, whose webhooks hear of it.
    pub organization_id: Option<Uuid>,
    /// The organization that runs the course and issues its certificate.
    pub course_organization_id: Uuid,
    pub certificate_id: Uuid,
    pub jp: i32,
    /// In the learner's time zone; the JP count toward this date's year.
    pub completed_on: NaiveDate,
    pub completed_at: DateTime<Utc>,
}

impl latih_jobs::Event for CourseCompleted {
    const NAME: &'static str = "course.completed";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}

/// A certificate was issued; anyone can verify `code`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateIssued {
    pub certificate_id: Uuid,
    pub code: String,
    pub number: String,
    pub enrollment_id: Uuid,
    pub course_id: Uuid,
    pub user_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub issuer_organization_id: Uuid,
    pub jp: i32,
    pub issued_at: DateTime<Utc>,
}

impl latih_jobs::Event for CertificateIssued {
    const NAME: &'static str = "certificate.issued";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}

/// An org admin approved or rejected a JP claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JpClaimDecided {
    pub claim_id: Uuid,
    pub user_id: Uuid,
    pub organization_id: Option<Uuid>,
    /// `approved` or `rejected`.
    pub decision: ClaimStatus,
    pub jp: i32,
    pub title: String,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub decided_by: Uuid,
    pub decided_at: DateTime<Utc>,
}

impl latih_jobs::Event for JpClaimDecided {
    const NAME: &'static str = "jp_claim.decided";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}
