//! Which course a quiz belongs to, so a quiz lesson points only at a quiz of its own course.
//! Quizzes depend on courses, not the other way round: the quizzes crate implements
//! [`QuizDirectory`] and the server hands it in, as it does for the media policies.

use std::sync::Arc;

use latih_kernel::ApiResult;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

#[async_trait::async_trait]
pub trait QuizDirectory: Send + Sync {
    /// The course of `quiz_id`, or `None` when there is no such quiz.
    async fn course_of(&self, db: &DatabaseConnection, quiz_id: Uuid) -> ApiResult<Option<Uuid>>;
}

/// The directory the server wired; without one no quiz is known, so no quiz lesson is accepted.
#[derive(Clone, Default)]
pub struct LessonQuizzes(Option<Arc<dyn QuizDirectory>>);

impl LessonQuizzes {
    pub fn new(directory: Arc<dyn QuizDirectory>) -> Self {
        Self(Some(directory))
    }

    /// The course of `quiz_id`, when the wired directory knows it.
    pub async fn course_of(&self, db: &DatabaseConnection, quiz_id: Uuid) -> ApiResult<Option<Uuid>> {
        match &self.0 {
            Some(directory) => directory.course_of(db, quiz_id).await,
            None => Ok(None),
        }
    }
}
