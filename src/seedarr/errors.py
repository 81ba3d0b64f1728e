"""The one exception hierarchy of Seedarr.

Every error the application raises on purpose derives from :class:`SeedarrError`. Two questions decide
what the caller does with it: may the same work succeed if retried later (``retryable``), and must a
person act before it can succeed (``needs_user``)::

    SeedarrError                      (exit code 2 in the CLI)
    ├── UserInputError                bad input from a person: not retryable, needs the user
    │   ├── ValidationFailed          a value breaks a rule (field + problem)
    │   └── PathOutsideRoots          a path escapes the configured media roots
    ├── ConfigurationError            a setting is missing or wrong: not retryable, needs the user
    │   └── MissingDependency         a required program or library is not installed
    ├── ExternalServiceError          an outside service failed
    │   ├── ServiceUnavailable        5xx, timeout, connection refused: retryable
    │   ├── RateLimited               429: retryable after ``retry_after`` seconds
    │   ├── ServiceRejected           4xx with a message: not retryable
    │   └── ServiceAuthError          401/403: not retryable, needs the user
    └── DataError                     stored data is corrupt or unreadable: not retryable, needs the user

Later modules subclass these (a tracker's auth failure is a ``ServiceAuthError``), never ``Exception``.
"""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "DataError",
    "ExternalServiceError",
    "MissingDependency",
    "PathOutsideRoots",
    "RateLimited",
    "SeedarrError",
    "ServiceAuthError",
    "ServiceRejected",
    "ServiceUnavailable",
    "UserInputError",
    "ValidationFailed",
]


class SeedarrError(Exception):
    """Base of every deliberate Seedarr error; ``str()`` is a one-line message for a person."""

    retryable: bool = False
    needs_user: bool = False

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class UserInputError(SeedarrError):
    """Input from a person is wrong; retrying the same input cannot help."""

    needs_user = True


class ValidationFailed(UserInputError):
    """A value breaks a rule. ``field`` names the input, ``problem`` says what is wrong."""

    def __init__(self, field: str, problem: str, value: object = None) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
        self.value = value


class PathOutsideRoots(ValidationFailed):
    """A path resolves outside every configured media root."""


class ConfigurationError(SeedarrError):
    """A setting is missing or invalid."""

    needs_user = True


class MissingDependency(ConfigurationError):
    """A required program or library is not installed."""


class ExternalServiceError(SeedarrError):
    """An outside service (tracker, TMDB, image host, client) failed."""

    def __init__(self, service: str, message: str, *, status_code: int | None = None) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.status_code = status_code


class ServiceUnavailable(ExternalServiceError):
    """5xx, timeout or refused connection: try again later."""

    retryable = True


class RateLimited(ExternalServiceError):
    """429: try again after ``retry_after`` seconds."""

    retryable = True

    def __init__(self, service: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(service, message, status_code=429)
        self.retry_after = retry_after


class ServiceRejected(ExternalServiceError):
    """The service refused the request with a reason; the same request will fail again."""


class ServiceAuthError(ExternalServiceError):
    """Credentials were refused: stop retrying and ask the user to fix them."""

    needs_user = True


class DataError(SeedarrError):
    """Stored data (an import, a database row, a file we wrote) is corrupt."""

    needs_user = True
