// The page behind the one-click feedback link in customer mail (app/service/
// feedback_links.h): GET /feedback/{token}?rating=N records the rating and thanks the
// customer, offering a comment box; GET without a rating shows the five choices; POST
// (an HTML form, comment=...) adds the comment. Public: the signed token is the
// credential. Answers are small self-contained HTML pages, errors included (a person
// reads them, not a program). Beside it, the portal sign-in link of customer updates:
// GET /portal/link/{token} opens a session for the customer and sends the browser to the
// ticket in the portal.
#include <fmt/format.h>

#include "api/api.h"
#include "api/html_page.h"
#include "core/text/html_escape.h"
#include "http/request_target.h"

namespace esc::api {
namespace {

using core::Result;

http::Response Page(int status, const std::string& title, const std::string& body) {
  return HtmlPage(status, title, body);
}

http::Response ErrorPage(const core::Error& error) {
  const int status = ErrorResponseFor(error).status;
  return Page(status, "Feedback", fmt::format("<p>{}</p>", core::HtmlEscape(error.message)));
}

std::string Choices(const std::string& token) {
  std::string links;
  for (int rating = 1; rating <= 5; ++rating) {
    links += fmt::format("<a class=\"star\" href=\"{}?rating={}\">{} - {}</a>",
                         core::HtmlEscape(token), rating, rating,
                         rating == 1   ? "very poor"
                         : rating == 5 ? "excellent"
                                       : (rating == 2   ? "poor"
                                          : rating == 3 ? "fair"
                                                        : "good"));
  }
  return "<p>How did we do?</p><p>" + links + "</p>";
}

http::Response StatePage(const app::FeedbackState& state, const std::string& token) {
  const std::string about =
      fmt::format("<p>Your request {} &ldquo;{}&rdquo;</p>", core::HtmlEscape(state.ticket_key),
                  core::HtmlEscape(state.subject));
  if (!state.rating) return Page(200, "Your feedback", about + Choices(token));
  std::string body = about;
  body += state.already_rated
              ? fmt::format("<p>You rated it {} of 5 already; thank you.</p>", *state.rating)
              : fmt::format("<p>Thank you: you rated it {} of 5.</p>", *state.rating);
  if (state.comment.empty()) {
    body += fmt::format(
        "<form method=\"post\" action=\"{}\"><label for=\"comment\">Anything you would like "
        "to add?</label><textarea id=\"comment\" name=\"comment\" maxlength=\"4000\" required>"
        "</textarea><p><button type=\"submit\">Send</button></p></form>",
        core::HtmlEscape(token));
  } else {
    body += fmt::format("<p>Your comment: {}</p>", core::HtmlEscape(state.comment));
  }
  return Page(200, "Your feedback", body);
}

// The value of `name` in an application/x-www-form-urlencoded body.
std::optional<std::string> FormField(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    const std::size_t end = body.find('&');
    const std::string_view pair = body.substr(0, end);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      if (eq == std::string_view::npos) return std::string();
      return http::PercentDecode(pair.substr(eq + 1), true);
    }
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  return std::nullopt;
}

}  // namespace

void AddFeedbackRoutes(Routes& routes, ApiServices& services) {
  routes.Add(
      "GET", "/portal/link/{token}",
      [&services](Call& c) -> Result<http::Response> {
        auto error_page = [](const core::Error& error) {
          return HtmlPage(ErrorResponseFor(error).status, "Sign in",
                          fmt::format("<p>{}</p><p><a href=\"/signin\">Sign in</a></p>",
                                      core::HtmlEscape(error.message)));
        };
        if (!services.feedback_links) {
          return error_page(core::Error::NotFound("sign-in links are not enabled here"));
        }
        auto target = services.feedback_links->SignIn(c.params[0]);
        if (!target) return error_page(target.error());
        auto session = services.accounts.OpenSession(target->user);
        if (!session) return error_page(session.error());
        http::Response response;
        response.status = 303;
        response.headers.emplace_back(
            "Location", target->ticket_key.empty() ? "/" : "/tickets/" + target->ticket_key);
        response.headers.emplace_back("Set-Cookie", SessionCookie(services, *session));
        response.headers.emplace_back("Cache-Control", "no-store");
        response.headers.emplace_back("Referrer-Policy", "no-referrer");
        return response;
      },
      true);

  routes.Add(
      "GET", "/feedback/{token}",
      [&services](Call& c) -> Result<http::Response> {
        if (!services.feedback_links) {
          return ErrorPage(core::Error::NotFound("feedback links are not enabled here"));
        }
        const std::string& token = c.params[0];
        const auto rating = c.request.Query("rating");
        if (!rating) {
          auto state = services.feedback_links->Show(token);
          return state ? StatePage(*state, token) : ErrorPage(state.error());
        }
        if (rating->size() != 1 || (*rating)[0] < '1' || (*rating)[0] > '5') {
          return ErrorPage(core::Error::Invalid("a rating is a number from 1 to 5", "rating"));
        }
        auto state = services.feedback_links->Rate(token, (*rating)[0] - '0');
        return state ? StatePage(*state, token) : ErrorPage(state.error());
      },
      true);
  routes.Add(
      "POST", "/feedback/{token}",
      [&services](Call& c) -> Result<http::Response> {
        if (!services.feedback_links) {
          return ErrorPage(core::Error::NotFound("feedback links are not enabled here"));
        }
        const auto comment = FormField(c.request.body, "comment");
        if (!comment) {
          return ErrorPage(core::Error::Invalid("the form has no comment field", "comment"));
        }
        auto state = services.feedback_links->Comment(c.params[0], *comment);
        return state ? StatePage(*state, c.params[0]) : ErrorPage(state.error());
      },
      true);
}

}  // namespace esc::api
