// The nested-entity view (html_view.py): type toggles and the 'only sentences with differences' switch.
document.querySelectorAll('input[data-toggle-type]').forEach(function (box) {
  box.addEventListener('change', function () {
    var type = box.getAttribute('data-toggle-type');
    document.querySelectorAll('.entity').forEach(function (entity) {
      if (entity.getAttribute('data-type') === type) entity.classList.toggle('muted', !box.checked);
    });
  });
});
var onlyErrors = document.getElementById('only-errors');
if (onlyErrors) onlyErrors.addEventListener('change', function () {
  document.body.classList.toggle('only-errors', onlyErrors.checked);
});
