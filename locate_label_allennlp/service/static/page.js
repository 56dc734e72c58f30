// The service's page (service/page.py): sends the text box's lines to POST render and puts the
// server-drawn nested boxes (the nested-ner-view renderer) in place; view.js's type toggles then apply.
(function () {
  var form = document.getElementById('predict-form');
  var text = document.getElementById('text');
  var button = document.getElementById('submit');
  var status = document.getElementById('status');
  var results = document.getElementById('results');

  function say(message, isError) {
    status.textContent = message;
    status.setAttribute('data-error', isError ? 'true' : 'false');
  }

  function applyTypeToggles() {
    document.querySelectorAll('input[data-toggle-type]').forEach(function (box) {
      var type = box.getAttribute('data-toggle-type');
      results.querySelectorAll('.entity').forEach(function (entity) {
        if (entity.getAttribute('data-type') === type) entity.classList.toggle('muted', !box.checked);
      });
    });
  }

  function show(answer) {
    results.innerHTML = answer.html;
    applyTypeToggles();
    var entities = answer.records.reduce(function (sum, record) {
      return sum + (record.entities ? record.entities.length : 0);
    }, 0);
    var sentences = answer.records.length;
    say(sentences + (sentences === 1 ? ' sentence, ' : ' sentences, ') + entities +
        (entities === 1 ? ' entity' : ' entities') + ' (hover over a box for its type, score and tokens)', false);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var lines = text.value.split('\n').map(function (line) { return line.trim(); })
      .filter(function (line) { return line.length > 0; });
    if (lines.length === 0) { say('Type a sentence first.', true); return; }
    button.disabled = true;
    results.setAttribute('data-state', 'waiting');
    say('Finding entities…', false);
    fetch('render', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(lines.map(function (line) { return { sentence: line }; }))
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (answer.ok) { show(answer.body); } else { results.innerHTML = ''; say(answer.body.detail, true); }
    }).catch(function (error) {
      results.innerHTML = '';
      say('The service did not answer: ' + error, true);
    }).finally(function () {
      button.disabled = false;
      results.setAttribute('data-state', 'done');
    });
  });
})();
