//! What may be uploaded for which purpose, how large, and how the real type is recognised.

use latih_kernel::{Role, Roles};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a file is for; each purpose has its own allow-list and limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize, ToSchema)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Course materials: documents, slides, video, images, SCORM zips.
    #[sea_orm(string_value = "lesson")]
    Lesson,
    /// Evidence of external training for a JP claim: PDF or image.
    #[sea_orm(string_value = "evidence")]
    Evidence,
    /// A profile picture.
    #[sea_orm(string_value = "avatar")]
    Avatar,
    /// A course package (SCORM or cmi5 zip) to import.
    #[sea_orm(string_value = "package")]
    Package,
    /// A file attached to a forum post: a document or an image.
    #[sea_orm(string_value = "forum_attachment")]
    ForumAttachment,
}

impl Purpose {
    /// Files that become course content (lesson materials, packages): only course authors
    /// (instructors, organization and platform admins) upload them.
    pub fn is_course_material(self) -> bool {
        matches!(self, Purpose::Lesson | Purpose::Package)
    }

    /// Whether someone with `roles` may upload a file for this purpose: everyone signed in may
    /// upload evidence, avatars and forum attachments; course materials need an author's role.
    pub fn may_be_uploaded_by(self, roles: &Roles) -> bool {
        !self.is_course_material()
            || [Role::Instructor, Role::OrgAdmin, Role::PlatformAdmin].into_iter().any(|r| roles.contains(r))
    }
}

/// `pending` until completed; then `ready` once checked. A small file is checked inside
/// `complete` (`failed` when a check fails); a large one is `processing` while a job checks it,
/// then `ready` or `rejected`. `expired` when the upload was never completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize, ToSchema)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum MediaStatus {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "ready")]
    Ready,
    #[sea_orm(string_value = "failed")]
    Failed,
    #[sea_orm(string_value = "expired")]
    Expired,
    #[sea_orm(string_value = "processing")]
    Processing,
    #[sea_orm(string_value = "rejected")]
    Rejected,
}

/// The families of content types, which set the size limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeClass {
    Document,
    Video,
    Image,
    Archive,
}

const DOCUMENTS: [&str; 7] = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
];
const VIDEOS: [&str; 2] = ["video/mp4", "video/webm"];
const IMAGES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];
const ARCHIVES: [&str; 1] = ["application/zip"];

/// The class of an accepted content type (parameters and case ignored).
pub fn classify(content_type: &str) -> Option<TypeClass> {
    let essence = essence(content_type);
    let essence = essence.as_str();
    if DOCUMENTS.contains(&essence) {
        Some(TypeClass::Document)
    } else if VIDEOS.contains(&essence) {
        Some(TypeClass::Video)
    } else if IMAGES.contains(&essence) {
        Some(TypeClass::Image)
    } else if ARCHIVES.contains(&essence) {
        Some(TypeClass::Archive)
    } else {
        None
    }
}

/// `Image/PNG; charset=x` → `image/png`.
pub fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Size limits in bytes; configurable.
#[derive(Clone, Copy, Debug)]
pub struct MediaLimits {
    pub document: u64,
    pub video: u64,
    pub image: u64,
    pub archive: u64,
    /// Any file uploaded as JP claim evidence.
    pub evidence: u64,
    /// Any file attached to a forum post.
    pub attachment: u64,
    /// Files up to this size are checked inside `complete`; larger ones by a job, so a request
    /// never reads gigabytes back through the API node.
    pub inline_check: u64,
}

impl Default for MediaLimits {
    fn default() -> Self {
        const MB: u64 = 1024 * 1024;
        Self {
            document: 100 * MB,
            video: 4096 * MB,
            image: 10 * MB,
            archive: 500 * MB,
            evidence: 20 * MB,
            attachment: 20 * MB,
            inline_check: 8 * MB,
        }
    }
}

impl MediaLimits {
    /// The largest file of `class` accepted for `purpose`, or `None` when the class is not allowed.
    pub fn limit(&self, purpose: Purpose, class: TypeClass, content_type: &str) -> Option<u64> {
        match (purpose, class) {
            (Purpose::Lesson, TypeClass::Document) => Some(self.document),
            (Purpose::Lesson, TypeClass::Video) => Some(self.video),
            (Purpose::Lesson, TypeClass::Image) => Some(self.image),
            (Purpose::Lesson, TypeClass::Archive) => Some(self.archive),
            (Purpose::Evidence, TypeClass::Image) => Some(self.evidence.min(self.image)),
            (Purpose::Evidence, TypeClass::Document) if essence(content_type) == "application/pdf" => {
                Some(self.evidence)
            }
            (Purpose::Avatar, TypeClass::Image) => Some(self.image),
            (Purpose::Package, TypeClass::Archive) => Some(self.archive),
            (Purpose::ForumAttachment, TypeClass::Image) => Some(self.attachment.min(self.image)),
            (Purpose::ForumAttachment, TypeClass::Document) => Some(self.attachment),
            _ => None,
        }
    }
}

/// Storage quotas in bytes, counted over the declared sizes of files that are ready or
/// processing, or pending and not yet expired.
#[derive(Clone, Copy, Debug)]
pub struct MediaQuota {
    /// What one person may store.
    pub user: u64,
    /// What all people of one organization together may store.
    pub organization: u64,
}

impl Default for MediaQuota {
    fn default() -> Self {
        const GB: u64 = 1024 * 1024 * 1024;
        Self { user: 10 * GB, organization: 500 * GB }
    }
}

/// Whether the type recognised from the first bytes agrees with the declared one. Office files
/// are zips underneath, so a zip is accepted for them when the inner marker is not in view.
pub fn detected_matches(declared: &str, detected: Option<&str>) -> bool {
    let declared = essence(declared);
    let Some(detected) = detected else { return false };
    if detected == declared {
        return true;
    }
    let office =
        declared.starts_with("application/vnd.openxmlformats") || declared.starts_with("application/vnd.oasis");
    match declared.as_str() {
        _ if office => detected == "application/zip",
        "application/zip" => {
            detected.starts_with("application/vnd.openxmlformats") || detected.starts_with("application/vnd.oasis")
        }
        "video/mp4" => matches!(detected, "video/x-m4v" | "video/quicktime"),
        _ => false,
    }
}

/// The content type recognised from the first bytes of a file.
pub fn detect(head: &[u8]) -> Option<&'static str> {
    infer::get(head).map(|kind| kind.mime_type())
}

#[cfg(test)]
mod tests {
    use latih_kernel::{Role, Roles};

    use super::{MediaLimits, Purpose, TypeClass, classify, detect, detected_matches};

    #[test]
    fn purposes_allow_their_own_types_only() {
        let limits = MediaLimits::default();
        assert_eq!(classify("VIDEO/MP4"), Some(TypeClass::Video));
        assert!(limits.limit(Purpose::Lesson, TypeClass::Archive, "application/zip").is_some());
        assert!(limits.limit(Purpose::Evidence, TypeClass::Video, "video/mp4").is_none());
        assert!(limits.limit(Purpose::Avatar, TypeClass::Document, "application/pdf").is_none());
        assert_eq!(limits.limit(Purpose::Evidence, TypeClass::Document, "application/pdf"), Some(20 * 1024 * 1024));
        assert!(classify("application/x-msdownload").is_none());
        assert!(limits.limit(Purpose::Package, TypeClass::Document, "application/pdf").is_none());
        assert!(limits.limit(Purpose::ForumAttachment, TypeClass::Video, "video/mp4").is_none());
    }

    #[test]
    fn only_course_authors_upload_course_materials() {
        let learner = Roles::new([Role::Learner, Role::Mentor, Role::Supervisor]);
        let instructor = Roles::new([Role::Instructor]);
        for purpose in [Purpose::Lesson, Purpose::Package] {
            assert!(!purpose.may_be_uploaded_by(&learner));
            assert!(purpose.may_be_uploaded_by(&instructor));
        }
        for purpose in [Purpose::Evidence, Purpose::Avatar, Purpose::ForumAttachment] {
            assert!(purpose.may_be_uploaded_by(&learner));
        }
    }

    #[test]
    fn a_png_is_not_a_pdf() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
        assert_eq!(detect(&png), Some("image/png"));
        assert!(detected_matches("image/png", detect(&png)));
        assert!(!detected_matches("application/pdf", detect(&png)));
        assert!(detected_matches("application/pdf", detect(b"%PDF-1.7\n")));
    }
}
