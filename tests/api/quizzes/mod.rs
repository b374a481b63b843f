//! `/quizzes/...`, `/attempts/...`: pools, attempts, grading, review, import, statistics.

mod attempts;
mod questions;
mod statistics;

use latih_tests::{TestUser, send};
use serde_json::{Value, json};

use crate::courses::{World, id};

/// A published course with a quiz, and the learner enrolled.
pub struct Quiz {
    pub world: World,
    pub course: Value,
    pub quiz: Value,
}

impl Quiz {
    /// A quiz with `settings` over the defaults, in a course the Kupang learner is enrolled in.
    pub async fn new(settings: Value) -> Self {
        let world = World::new().await;
        let (course, _) = world.published(json!({})).await;
        world.enrol(&world.learner, &course).await;
        let mut body = json!({"title": "Post-test Pelayanan Publik", "kind": "graded", "pass_percent": 60});
        if let (Some(body), Some(settings)) = (body.as_object_mut(), settings.as_object()) {
            body.extend(settings.clone());
        }
        let path = format!("/api/v1/courses/{}/quizzes", id(&course));
        let (status, quiz) = send(world.app.post(&path, &world.instructor.token, &body)).await;
        assert_eq!(status, 201, "{quiz}");
        Self { world, course, quiz }
    }

    pub fn path(&self, rest: &str) -> String {
        format!("/api/v1/quizzes/{}{rest}", id(&self.quiz))
    }

    /// Adds a question; answers it as stored (with its key).
    pub async fn question(&self, body: Value) -> Value {
        let (status, question) =
            send(self.world.app.post(&self.path("/questions"), &self.world.instructor.token, &body)).await;
        assert_eq!(status, 201, "{question}");
        question
    }

    /// Starts an attempt for `who`.
    pub async fn start(&self, who: &TestUser) -> Value {
        let (status, attempt) = send(self.world.app.post(&self.path("/attempts"), &who.token, &json!({}))).await;
        assert!(status == 201 || status == 200, "{status}: {attempt}");
        attempt
    }

    pub async fn answer(
        &self,
        who: &TestUser,
        attempt: &Value,
        question_id: &str,
        body: Value,
    ) -> (reqwest::StatusCode, Value) {
        let path = format!("/api/v1/attempts/{}/answers/{question_id}", id(attempt));
        send(self.world.app.put(&path, &who.token, &body)).await
    }

    pub async fn submit(&self, who: &TestUser, attempt: &Value) -> (reqwest::StatusCode, Value) {
        send(self.world.app.post(&format!("/api/v1/attempts/{}/submit", id(attempt)), &who.token, &json!({}))).await
    }
}

/// The id of the option with `text` in a stored question.
pub fn option_id(question: &Value, text: &str) -> String {
    question["options"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| o["text"] == text)
        .and_then(|o| o["id"].as_str())
        .expect("option")
        .to_owned()
}

pub fn single_choice() -> Value {
    json!({"type": "single_choice", "prompt": "Ibu kota NTT?", "options": [
        {"text": "Kupang", "correct": true}, {"text": "Ende"}, {"text": "Maumere"}], "points": 2, "explanation": "Kupang sejak 1958."})
}
