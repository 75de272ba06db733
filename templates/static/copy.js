// Copy buttons, the one script of the site (the pages work without it): a
// button[data-copy] stays hidden until this script shows it; pressed, it
// copies the value of the field it names and says so in the status beside it.
"use strict";
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copy + "-copied");
  if (!field || !status || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = button.dataset.done;
    } catch {
      // no right to write the clipboard: the address selected, to copy by hand
      field.select();
      status.textContent = button.dataset.failed;
    }
  });
}
