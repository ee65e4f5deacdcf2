//! What can go wrong: the reasons the server cannot start, and the JSON
//! error answers to requests.

use std::path::PathBuf;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The built widget is not where it should be.
    #[error(
        "no built widget in {} (index.html is missing); run `make build` first, or point --static-dir / ROLE_QUIZ_STATIC at Trunk's output",
        .0.display()
    )]
    MissingStaticDir(PathBuf),
    #[error("cannot open the database {}: {source}", .path.display())]
    Database {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("ROLE_QUIZ_FORWARD_SECRET: {0}")]
    ForwardSecret(String),
    #[error("ROLE_QUIZ_FORWARD_URL `{0}` is not an http(s) URL")]
    ForwardUrl(String),
    #[error("ROLE_QUIZ_PUBLIC_URL `{0}` is not an http(s) URL such as https://quiz.example.com")]
    PublicUrl(String),
    #[error("e-mail settings: {0}")]
    Mail(String),
}

/// An error answer: a status and a JSON body that says what is wrong.
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub problems: Vec<Value>,
    pub headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            problems: Vec::new(),
            headers: Vec::new(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.code, "message": self.message });
        if !self.problems.is_empty() {
            body["problems"] = Value::Array(self.problems);
        }
        let mut response = (self.status, axum::Json(body)).into_response();
        for (k, v) in self.headers {
            response.headers_mut().insert(k, v);
        }
        response
    }
}

/// A failure of ours, logged, answered with a 500 that invites a retry.
pub fn internal(e: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "database error");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "this could not be done just now; please retry",
    )
}
