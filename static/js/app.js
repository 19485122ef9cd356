// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen readers announce what went wrong.
  // A step that asks for confirmation is announced the same way.
  const summary = document.querySelector("[data-error-summary], [data-autofocus]");
  if (summary) summary.focus();

  // The challenge filters fold away on phones; on wide screens they are open from the start.
  const filters = document.querySelector("details[data-filters]");
  if (filters && window.matchMedia("(min-width: 992px)").matches) filters.open = true;

  // Ask before destructive actions; the server checks again regardless.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  // Switching the language reloads the page from the server, so what was typed in a form
  // here, or shown back by a refused one (its error summary), is lost: ask first.
  const language = document.querySelector("form[data-unsaved-warning]");
  if (language) {
    let unsaved = Boolean(document.querySelector("main [data-error-summary]"));
    document.querySelectorAll("main form").forEach((form) => {
      form.addEventListener("input", () => { unsaved = true; });
      form.addEventListener("submit", () => { unsaved = false; });
    });
    language.addEventListener("submit", (event) => {
      if (unsaved && !window.confirm(language.dataset.unsavedWarning)) event.preventDefault();
    });
  }

  // Show the company fields only for companies, startups and non-profits.
  const kinds = document.querySelectorAll("input[name='participant_kind']");
  const companyFields = document.querySelector("[data-company-fields]");
  if (kinds.length && companyFields) {
    const update = () => {
      const checked = document.querySelector("input[name='participant_kind']:checked");
      const show = checked && ["company", "startup", "non_profit"].includes(checked.value);
      companyFields.hidden = !show;
    };
    kinds.forEach((input) => input.addEventListener("change", update));
    update();
  }
});
