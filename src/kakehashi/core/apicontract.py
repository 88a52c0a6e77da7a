"""The API's contract, applied to every operation in one place.

`ContractAPI` is the project's NinjaAPI. It

- documents the error responses of each operation in the OpenAPI schema from what the
  operation is (its auth, method, parameters and body), all with a JSON `{"detail": …}` body:
  401 and 403 for authenticated operations (401 only, for a wrong bearer token, on public
  reads), 404 where the path names an object, 422 where there are parameters or a body, 400 (unparsable body, a service's refusal), 413 (body too large) and 429 (rate
  limits) on writes. An operation adds codes of its own with `response={…: ErrorOut}`;
- marks public reads with optional auth as such in the schema (`{}` among the security
  requirements: anonymous callers are welcome, a bearer token or session is honoured);
- answers each path with and without its trailing slash (the schema names one; both run the
  same operation, so a POST never meets Django's APPEND_SLASH redirect), a JSON 405 for a
  method the path does not have, and a JSON 404 for any other path under the API.
"""

from collections.abc import Callable
from http.client import responses as reasons
from typing import Any, cast

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorOut(Schema):
    """Every error: `detail` says what went wrong, in the caller's language."""

    detail: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str


class InvalidOut(Schema):
    """400: the reason, or the fields a service refused (`loc` is `["body", field]`)."""

    detail: str | list[FieldError]


class SchemaInvalidOut(Schema):
    """422: the parameters or body fields that do not match the schema."""

    detail: list[FieldError]
    message: str


DESCRIPTIONS = {
    400: "The body is not valid JSON, or a rule of the service refused the request.",
    401: "Not authenticated: sign in, or send `Authorization: Bearer <token>`; a wrong token is always 401.",
    403: "Authenticated but not allowed (or a signed-in session's write without its CSRF token).",
    404: "No such object, or not one you may see.",
    409: "The request conflicts with the object's current state.",
    413: "The request body is larger than the server accepts.",
    422: "Parameters or body do not match the schema; `detail` lists the fields.",
    429: "Too many requests: wait before trying again.",
}
MODELS: dict[int, type[Schema]] = {400: InvalidOut, 422: SchemaInvalidOut}


def is_optional(operation: Operation) -> bool:
    return any(getattr(callback, "optional", False) for callback in operation.auth_callbacks or [])


def error_statuses(operation: Operation) -> set[int]:
    """The error codes an operation can answer with, from what kind of operation it is."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    has_body = bool(sources - {"path", "query", "header", "cookie"})
    statuses: set[int] = set()
    if operation.auth_callbacks:
        statuses.add(401)
        if not is_optional(operation):
            statuses.add(403)
    if "path" in sources:
        statuses.add(404)
    if sources:
        statuses.add(422)
    if set(operation.methods) & UNSAFE:
        statuses |= {400, 429}
    if has_body:
        statuses.add(413)
    return statuses


class ContractSchema(OpenAPISchema):
    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        for status in sorted(error_statuses(operation) - set(result)):
            model = MODELS.get(status, ErrorOut)
            schema = self._create_schema_from_model(model, by_alias=True, remove_level=False, mode="serialization")[0]  # type: ignore[type-var]  # ninja's Schema is a pydantic model
            self.add_schema_definitions({model.__name__: schema})
            result[status] = {
                "description": f"{reasons[status]}. {DESCRIPTIONS[status]}",
                "content": {self.api.renderer.media_type: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
            }
        return dict(sorted(result.items()))

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        if security and is_optional(operation):
            security.append({})  # OpenAPI: no credentials at all is accepted too
        return security


def _json(status: int, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _json_405(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type", "").startswith("text/html"):
            return _json(405, _("This method is not allowed here."), Allow=response["Allow"])
        return response

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]  # as ninja's own views: auth checks CSRF
    return wrapped


def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return _json(404, _("Not found."))


_not_found.csrf_exempt = True  # type: ignore[attr-defined]


class ContractAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> ContractSchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ContractSchema(api=self, path_prefix=path_prefix)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls: list[URLResolver | URLPattern] = []
        operations: list[URLPattern] = []
        for pattern in cast(list[URLPattern], super()._get_urls()):  # ninja makes only path()s
            route = str(pattern.pattern)
            if pattern.name == "api-root":  # ninja's raises Http404 outside its handlers: an HTML page
                urls.append(path(route, _not_found, name=pattern.name))
            elif pattern.name in ("openapi-json", "openapi-view") or not route:
                urls.append(pattern)
            else:
                operations.append(path(route, _json_405(pattern.callback), name=pattern.name))
        routes = {str(p.pattern) for p in operations}
        twins = {}
        for pattern in operations:
            route = str(pattern.pattern)
            twin = route[:-1] if route.endswith("/") else route + "/"
            if twin not in routes and twin not in twins:
                twins[twin] = path(twin, pattern.callback)
        return [*urls, *operations, *twins.values(), re_path(r"^.*$", _not_found)]
