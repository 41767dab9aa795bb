// The public contact form (docs/intake.md): GET /contact shows it, POST /contact (an HTML
// form post) opens a ticket with channel "web" and thanks the customer with its key.
// Present only when the policy's intake.web_form is enabled (404 otherwise, checked at
// each request so a policy reload switches it). Server-rendered HTML without scripts:
// labelled fields, problems listed at the top and beside each field, the customer's input
// kept (escaped). Spam protection: a honeypot field, size limits, and the service's limit
// per client address and sender address (429 with Retry-After).
#include <fmt/format.h>

#include "api/api.h"
#include "api/form_body.h"
#include "api/html_page.h"
#include "core/text/html_escape.h"

namespace esc::api {
namespace {

using core::Result;
using core::HtmlEscape;

constexpr std::size_t kMaxFormBytes = 64 * 1024;
constexpr std::string_view kHoneypot = "website";

constexpr const char* kFormCss =
    "label{display:block;margin-top:1rem;font-weight:600}"
    "input,select,textarea{display:block;width:100%;box-sizing:border-box;padding:.4rem;"
    "font:inherit}textarea{min-height:10rem}.problem{color:#a00000;margin:.2rem 0}"
    ".summary{border:2px solid #a00000;padding:.5rem 1rem}button{margin-top:1rem}"
    ".trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}";

std::string ProblemFor(const std::vector<app::FormProblem>& problems, std::string_view field) {
  for (const auto& p : problems) {
    if (p.field == field) return p.message;
  }
  return {};
}

// One labelled input (or textarea), with its problem beside it.
std::string Field(std::string_view name, std::string_view label, std::string_view type,
                  const std::string& value, std::size_t max,
                  const std::vector<app::FormProblem>& problems) {
  const std::string problem = ProblemFor(problems, name);
  std::string described, invalid, note;
  if (!problem.empty()) {
    described = fmt::format(" aria-describedby=\"{}-problem\"", name);
    invalid = " aria-invalid=\"true\"";
    note = fmt::format("<p class=\"problem\" id=\"{}-problem\">{}</p>", name, HtmlEscape(problem));
  }
  std::string control;
  if (type == "textarea") {
    control = fmt::format("<textarea id=\"{0}\" name=\"{0}\" maxlength=\"{1}\" required{2}{3}>{4}"
                          "</textarea>",
                          name, max, described, invalid, HtmlEscape(value));
  } else {
    control = fmt::format(
        "<input id=\"{0}\" name=\"{0}\" type=\"{1}\" maxlength=\"{2}\" value=\"{3}\" "
        "autocomplete=\"{4}\" required{5}{6}>",
        name, type, max, HtmlEscape(value),
        name == "email" ? "email" : (name == "name" ? "name" : "off"), described, invalid);
  }
  return fmt::format("<label for=\"{}\">{}</label>{}{}", name, label, note, control);
}

std::string FormHtml(const core::Policy& policy, const app::ContactForm& form,
                     const std::vector<app::FormProblem>& problems) {
  std::string html;
  if (!problems.empty()) {
    html += "<div class=\"summary\" role=\"alert\"><p>Please check the form:</p><ul>";
    for (const auto& p : problems) html += "<li>" + HtmlEscape(p.message) + "</li>";
    html += "</ul></div>";
  }
  html += "<form method=\"post\" action=\"/contact\" accept-charset=\"utf-8\">";
  html += Field("name", "Your name", "text", form.name, 200, problems);
  html += Field("email", "Your email address", "email", form.email, 320, problems);
  // People never see or reach this field; robots that fill in every field do.
  html += fmt::format(
      "<div class=\"trap\" aria-hidden=\"true\"><label for=\"{0}\">Leave this empty</label>"
      "<input id=\"{0}\" name=\"{0}\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"></div>",
      kHoneypot);
  const std::string category_problem = ProblemFor(problems, "category");
  html += "<label for=\"category\">What is it about?</label>";
  if (!category_problem.empty()) {
    html += fmt::format("<p class=\"problem\" id=\"category-problem\">{}</p>",
                        HtmlEscape(category_problem));
  }
  html += fmt::format("<select id=\"category\" name=\"category\" required{}>",
                      category_problem.empty() ? "" : " aria-describedby=\"category-problem\" "
                                                      "aria-invalid=\"true\"");
  for (const auto& id : app::FormCategories(*policy.intake)) {
    const core::Category* category = policy.FindCategory(id);
    html += fmt::format("<option value=\"{}\"{}>{}</option>", HtmlEscape(id),
                        id == form.category ? " selected" : "",
                        HtmlEscape(category && !category->name.empty() ? category->name : id));
  }
  html += "</select>";
  html += Field("subject", "Subject", "text", form.subject, 200, problems);
  html += Field("description", "How can we help?", "textarea", form.description, 10000, problems);
  html += "<button type=\"submit\">Send</button></form>";
  return html;
}

// The policy's form settings, or NotFound when the form is off.
Result<std::shared_ptr<const core::Policy>> FormPolicy(ApiServices& s) {
  auto policy = s.context.policies.Current();
  if (!policy->intake || !policy->intake->web_form.enabled) {
    return std::unexpected(core::Error::NotFound("the contact form is not enabled here"));
  }
  return policy;
}

http::Response MessagePage(int status, const std::string& title, const std::string& text) {
  return HtmlPage(status, title, "<p>" + HtmlEscape(text) + "</p>", kFormCss);
}

}  // namespace

void AddContactFormRoutes(Routes& routes, ApiServices& s) {
  if (!s.channel_intake) return;
  routes.Add(
      "GET", "/contact",
      [&s](Call&) -> Result<http::Response> {
        auto policy = FormPolicy(s);
        if (!policy) return MessagePage(404, "Not found", policy.error().message);
        return HtmlPage(200, (*policy)->intake->web_form.title,
                        FormHtml(**policy, app::ContactForm{}, {}), kFormCss);
      },
      true);

  routes.Add(
      "POST", "/contact",
      [&s](Call& c) -> Result<http::Response> {
        auto policy = FormPolicy(s);
        if (!policy) return MessagePage(404, "Not found", policy.error().message);
        const std::string& title = (*policy)->intake->web_form.title;
        const std::string_view type = c.request.Header("content-type");
        if (!type.starts_with("application/x-www-form-urlencoded")) {
          return MessagePage(415, title,
                             "The form must be sent as application/x-www-form-urlencoded.");
        }
        if (c.request.body.size() > kMaxFormBytes) {
          return MessagePage(413, title,
                             fmt::format("The message is too long: at most {} KiB may be sent.",
                                         kMaxFormBytes / 1024));
        }
        auto fields = ParseFormBody(c.request.body, {"name", "email", "subject", "description",
                                                     "category", kHoneypot});
        if (!fields) {
          return HtmlPage(400, title,
                          FormHtml(**policy, app::ContactForm{},
                                   {{"", "The form could not be read: " + fields.error().message}}),
                          kFormCss);
        }
        auto get = [&](std::string_view name) {
          auto it = fields->find(name);
          return it == fields->end() ? std::string() : it->second;
        };
        app::ContactForm form{get("name"),     get("email"),    get("subject"),
                              get("description"), get("category"), get(kHoneypot)};
        auto outcome = s.channel_intake->SubmitForm(form, c.request.remote);
        if (!outcome) {
          const auto status = ErrorResponseFor(outcome.error()).status;
          return HtmlPage(status, title,
                          FormHtml(**policy, form, {{"", outcome.error().message}}), kFormCss);
        }
        if (outcome->spam) {
          return MessagePage(400, title,
                             "Your message could not be accepted. If you are a person, please "
                             "leave the hidden \"Leave this empty\" field empty.");
        }
        if (outcome->retry_after.count() > 0) {
          const auto minutes = (outcome->retry_after.count() + 59) / 60;
          auto page = MessagePage(
              429, title,
              fmt::format("Too many messages from here in a short time. Please try again in {} "
                          "minute{}.",
                          minutes, minutes == 1 ? "" : "s"));
          page.headers.emplace_back("Retry-After", std::to_string(outcome->retry_after.count()));
          return page;
        }
        if (!outcome->problems.empty()) {
          return HtmlPage(400, title, FormHtml(**policy, form, outcome->problems), kFormCss);
        }
        return HtmlPage(
            200, "Thank you",
            fmt::format("<p>We have your message. Its reference is <strong id=\"ticket-key\">{}"
                        "</strong>; please quote it when you write to us about it.</p>"
                        "<p>We will answer you at {}.</p>",
                        HtmlEscape(outcome->ticket_key), HtmlEscape(form.email)),
            kFormCss);
      },
      true);
}

}  // namespace esc::api
