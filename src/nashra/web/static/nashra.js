// Reports without leaving the page. Without JavaScript the same forms post and come back.
"use strict";
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches("form.report")) return;
  event.preventDefault();
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const response = await fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": token, "Accept": "application/json" },
    });
    const body = await response.json();
    const notice = document.createElement("p");
    notice.className = "notice";
    notice.setAttribute("role", "status");
    notice.textContent = response.ok ? body.message : "تعذر إرسال الإبلاغ، حاول لاحقا.";
    form.replaceWith(notice);
  } catch (error) {
    button.disabled = false;
  }
});
