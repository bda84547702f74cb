// 审表 网页版: upload, progress, results. Talks only to this server (the
// Content-Security-Policy forbids anything else). Text from the files is
// always inserted with textContent, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const SEV_RANK = { error: 0, warning: 1, info: 2 };
  const SEV_LABEL = { error: '错误', warning: '警告', info: '提示' };
  const KIND_LABEL = {
    self_evaluation: '项目支出绩效自评表',
    final_accounts: '部门决算公开表',
    evaluation_framework: '绩效评价指标体系',
  };
  const VERDICT_CLASS = {
    '通过': 'ok', '有错误': 'error', '有警告': 'warning', '仅提示': 'info',
    '无法读取': 'unreadable', '未识别到表格': 'none',
  };
  const COLUMNS = [
    { key: 'severity', label: '级别' },
    { key: 'rule', label: '规则' },
    { key: 'sheet', label: '工作表' },
    { key: 'cell', label: '单元格' },
    { key: 'message', label: '说明' },
    { key: 'expected', label: '应为' },
    { key: 'actual', label: '实为' },
  ];

  let info = {
    max_file_bytes: 50 * 1024 * 1024, max_files: 100, max_request_bytes: 1024 * 1024 * 1024, keep_seconds: 1800,
    extensions: ['xlsx', 'xlsm', 'xls', 'ods', 'et', 'docx', 'docm'],
  };
  let ruleTitles = {};
  const ruleDocs = {};
  let batch = null;
  let busy = false;

  // ---------- start-up ----------
  function getJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then((r) => {
      if (!r.ok) throw new Error(url);
      return r.json();
    });
  }

  getJson('/api/info').then((i) => {
    info = i;
    const mb = Math.round(i.max_file_bytes / 1048576);
    $('limits').textContent =
      '支持 .xlsx、.xlsm、.xls、.ods、.docx；单个文件不超过 ' + mb + ' MB，一次最多 ' + i.max_files + ' 个';
    $('version').textContent = '审表 shenbiao ' + i.version;
    $('keep-note').textContent = '检查结果在本机临时文件夹中保留 ' + Math.round(i.keep_seconds / 60) +
      ' 分钟；点击“清除结果”或关闭页面后立即删除';
  }).catch(() => {});

  getJson('/api/schemes').then((list) => {
    const sel = $('scheme');
    for (const s of list) {
      const o = document.createElement('option');
      o.value = s.name;
      o.textContent = s.title;
      sel.appendChild(o);
    }
  }).catch(() => {});

  getJson('/api/rules').then((list) => {
    for (const r of list) ruleTitles[r.code] = r.title;
  }).catch(() => {});

  // ---------- choosing files ----------
  const drop = $('drop');
  const picker = $('picker');
  picker.addEventListener('change', () => {
    if (picker.files.length) start(Array.from(picker.files));
    picker.value = '';
  });
  ['dragenter', 'dragover'].forEach((ev) => drop.addEventListener(ev, (e) => {
    e.preventDefault();
    if (!busy) drop.classList.add('over');
  }));
  ['dragleave', 'dragend'].forEach((ev) => drop.addEventListener(ev, () => drop.classList.remove('over')));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const files = e.dataTransfer && e.dataTransfer.files ? Array.from(e.dataTransfer.files) : [];
    if (files.length) start(files);
  });
  // A file dropped beside the zone must not make the browser navigate away.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  function sizeText(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.ceil(bytes / 1024) + ' KB';
  }

  /** Refuse locally what the server would refuse anyway, so a 300 MB file
   *  is never sent; the server enforces the same limits. */
  function triage(files) {
    const send = [];
    const refused = [];
    let total = 0;
    for (const f of files) {
      if (f.size > info.max_file_bytes) {
        refused.push(localRefusal(f, '文件过大（' + sizeText(f.size) + '，上限 ' +
          Math.round(info.max_file_bytes / 1048576) + ' MB），未检查'));
      } else if (send.length >= info.max_files) {
        refused.push(localRefusal(f, '一次最多检查 ' + info.max_files + ' 个文件，此文件未检查；请分批上传'));
      } else if (total + f.size > info.max_request_bytes) {
        refused.push(localRefusal(f, '本次上传的文件合计超过 ' + Math.round(info.max_request_bytes / 1048576) +
          ' MB 上限，此文件未检查；请分批上传'));
      } else {
        total += f.size;
        send.push(f);
      }
    }
    return { send, refused };
  }

  function localRefusal(f, reason) {
    return {
      name: f.name, size: f.size, verdict: '无法读取', notes: [], downloads: {},
      report: { status: 'unreadable', error: reason, forms: [], findings: [] },
    };
  }

  function start(files) {
    if (busy) return;
    hideMessage();
    const { send, refused } = triage(files);
    if (!send.length) {
      showResults({ files: refused, downloads: {}, batch: null });
      return;
    }
    // The previous results are being deleted: hide them, show the progress.
    clearBatch();
    $('results').hidden = true;
    upload(send, refused);
    $('upload-panel').scrollIntoView({ block: 'start' });
  }

  // ---------- upload and progress ----------
  function setBusy(on) {
    busy = on;
    drop.classList.toggle('busy', on);
    $('progress').hidden = !on;
  }

  function progress(text, fraction) {
    $('progress-text').textContent = text;
    const fill = $('bar-fill');
    if (fraction == null) {
      fill.classList.add('indeterminate');
      fill.style.width = '';
    } else {
      fill.classList.remove('indeterminate');
      fill.style.width = Math.round(fraction * 100) + '%';
    }
  }

  function upload(files, refused) {
    const form = new FormData();
    form.append('scheme', $('scheme').value);
    for (const f of files) form.append('files', f, f.name);
    const n = files.length;
    setBusy(true);
    progress('正在上传 ' + n + ' 个文件…', null);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/check');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.loaded > 0) progress('正在上传 ' + n + ' 个文件… ' + Math.round(e.loaded / e.total * 100) + '%', e.loaded / e.total);
    };
    xhr.upload.onload = () => progress('正在检查 ' + n + ' 个文件，请稍候…', null);
    xhr.onload = () => {
      setBusy(false);
      const body = xhr.response;
      if (xhr.status === 200 && body && body.files) {
        body.files = body.files.concat(refused);
        showResults(body);
      } else {
        showMessage((body && body.error) || ('检查失败（HTTP ' + xhr.status + '）'));
      }
    };
    xhr.onerror = () => {
      setBusy(false);
      showMessage('无法连接到审表服务：请确认命令行窗口中的 shenbiao serve 仍在运行');
    };
    xhr.send(form);
  }

  function showMessage(text) {
    const m = $('message');
    m.textContent = text;
    m.hidden = false;
  }
  function hideMessage() { $('message').hidden = true; }

  // ---------- results ----------
  function link(a, id) {
    if (id) {
      a.href = '/api/download/' + id;
      a.setAttribute('download', '');
      a.hidden = false;
    } else {
      a.removeAttribute('href');
      a.hidden = true;
    }
  }

  function showResults(body) {
    batch = body.batch;
    const files = body.files;
    const count = (v) => files.filter((f) => f.verdict === v).length;
    const parts = ['共 ' + files.length + ' 个文件'];
    for (const v of ['有错误', '有警告', '仅提示', '通过', '未识别到表格', '无法读取']) {
      const c = count(v);
      if (c) parts.push(v + ' ' + c);
    }
    $('overview-text').textContent = parts.join('，');
    const d = body.downloads || {};
    link($('dl-summary'), d.summary);
    link($('dl-zip'), d.zip);
    link($('dl-csv'), d.csv);
    $('clear').hidden = !batch;

    const totals = { error: 0, warning: 0, info: 0 };
    const box = $('files');
    box.textContent = '';
    const openAll = files.length <= 5;
    for (const f of files) {
      for (const x of f.report.findings || []) totals[x.severity] = (totals[x.severity] || 0) + 1;
      box.appendChild(fileCard(f, openAll || f.verdict === '有错误'));
    }
    for (const s of Object.keys(totals)) $('n-' + s).textContent = totals[s];
    $('results').hidden = false;
    applyFilter();
    $('results').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function fileCard(f, open) {
    const r = f.report;
    const card = el('details', 'file');
    card.open = open;
    card.dataset.name = f.name;
    const sum = el('summary');
    sum.appendChild(el('span', 'verdict ' + (VERDICT_CLASS[f.verdict] || 'none'), f.verdict));
    sum.appendChild(el('span', 'file-name', f.name));
    if (r.status !== 'unreadable') {
      const c = el('span', 'counts');
      const s = r.summary || { errors: 0, warnings: 0, infos: 0 };
      c.appendChild(el('span', s.errors ? 'e' : '', '错误 ' + s.errors));
      c.appendChild(document.createTextNode(' · '));
      c.appendChild(el('span', s.warnings ? 'w' : '', '警告 ' + s.warnings));
      c.appendChild(document.createTextNode(' · 提示 ' + s.infos));
      sum.appendChild(c);
    }
    const acts = el('span', 'actions');
    const dl = f.downloads || {};
    if (dl.xlsx) acts.appendChild(downloadButton(dl.checked_docx ? '下载标注文档' : '下载标注工作簿', dl.xlsx, 'primary'));
    if (dl.json) acts.appendChild(downloadButton('JSON', dl.json, ''));
    sum.appendChild(acts);
    card.appendChild(sum);

    const body = el('div', 'file-body');
    if (r.error) body.appendChild(el('p', 'file-error', r.error));
    if (r.forms && r.forms.length) {
      const ul = el('ul', 'forms');
      const tables = r.forms.filter((x) => x.kind === 'final_accounts');
      for (const form of r.forms) if (form.kind !== 'final_accounts' || tables.length <= 2) ul.appendChild(formLine(form));
      // A 决算 workbook holds up to nine tables: one line lists them.
      if (tables.length > 2) {
        const li = el('li', '', KIND_LABEL.final_accounts + '（' + tables.length + ' 张）：' +
          tables.map((t) => t.table || t.title).join('、'));
        li.title = tables.map((t) => (t.table ? t.table + ' ' : '') + t.title + ' — 工作表“' + t.sheet + '” ' + t.range).join('\n');
        ul.appendChild(li);
      }
      body.appendChild(ul);
    } else if (r.status === 'no_forms') {
      body.appendChild(el('p', 'empty', r.not_found || '文件已读取，但没有找到项目支出绩效自评表或部门决算公开表。'));
    }
    if (r.opinion && (r.summary && (r.summary.errors || r.summary.warnings))) body.appendChild(opinionBlock(r.opinion));
    const findings = r.findings || [];
    if (findings.length) {
      body.appendChild(findingsTable(findings));
      body.appendChild(el('p', 'shown'));
    } else if (r.status === 'checked') {
      body.appendChild(el('p', 'empty', '没有发现问题。'));
    }
    if (f.notes && f.notes.length) {
      const ul = el('ul', 'notes');
      for (const n of f.notes) ul.appendChild(el('li', '', n));
      body.appendChild(ul);
    }
    card.appendChild(body);
    return card;
  }

  // The 审核意见 paragraph, with a button that copies it for pasting into
  // a reply.
  function opinionBlock(text) {
    const box = el('div', 'opinion');
    const head = el('div', 'opinion-head');
    head.appendChild(el('strong', '', '审核意见'));
    const btn = el('button', 'button small', '复制');
    btn.type = 'button';
    btn.addEventListener('click', () => {
      const done = () => { btn.textContent = '已复制'; setTimeout(() => { btn.textContent = '复制'; }, 2000); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
      } else {
        fallbackCopy(text, done);
      }
    });
    head.appendChild(btn);
    box.appendChild(head);
    box.appendChild(el('p', 'opinion-text', text));
    return box;
  }

  function fallbackCopy(text, done) {
    const area = el('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { if (document.execCommand('copy')) done(); } catch (_) { /* nothing to copy into */ }
    area.remove();
  }

  function downloadButton(label, id, cls) {
    const a = el('a', 'button small ' + cls, label);
    a.href = '/api/download/' + id;
    a.setAttribute('download', '');
    // Clicking a button inside <summary> must not fold the card.
    a.addEventListener('click', (e) => e.stopPropagation());
    return a;
  }

  function formLine(form) {
    const li = el('li');
    const parts = [KIND_LABEL[form.kind] || form.kind];
    if (form.table) parts.push(form.table);
    parts.push('工作表“' + form.sheet + '” ' + form.range);
    if (form.title) parts.push(form.title);
    li.appendChild(document.createTextNode(parts.join(' · ')));
    for (const [key, label] of [['score', '总分'], ['rating', '等级']]) {
      const v = form[key];
      if (!v || (v.declared == null && v.computed == null)) continue;
      let text;
      let cls = '';
      if (v.declared == null) {
        // A form may have no 等级 field at all: say what the form shows.
        text = key === 'rating' ? label + ' ' + v.computed + '（复核；表中无等级）' : label + ' 未填报（复核为 ' + v.computed + '）';
      } else if (v.computed == null || v.declared === v.computed) {
        text = label + ' ' + v.declared;
      } else {
        text = label + ' 填报 ' + v.declared + '，复核 ' + v.computed;
        cls = 'mismatch';
      }
      li.appendChild(document.createTextNode(' · '));
      li.appendChild(el('span', cls, text));
    }
    return li;
  }

  // ---------- findings table: sort and filter ----------
  function cellKey(ref) {
    const m = /^(?:.*!)?\$?([A-Z]+)\$?(\d+)$/.exec(ref || '');
    if (!m) return [Infinity, Infinity, ref || ''];
    let col = 0;
    for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
    return [Number(m[2]), col, ''];
  }

  function compare(a, b, key) {
    if (key === 'severity') return SEV_RANK[a.severity] - SEV_RANK[b.severity];
    if (key === 'cell') {
      const x = cellKey(a.cell);
      const y = cellKey(b.cell);
      return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
    }
    if (key === 'expected' || key === 'actual') {
      const x = parseFloat(a[key]);
      const y = parseFloat(b[key]);
      if (!isNaN(x) && !isNaN(y)) return x - y;
    }
    return String(a[key] == null ? '' : a[key]).localeCompare(String(b[key] == null ? '' : b[key]), 'zh-CN');
  }

  function findingsTable(findings) {
    const wrap = el('div', 'table-wrap');
    const table = el('table', 'findings');
    const thead = el('thead');
    const hr = el('tr');
    const tbody = el('tbody');
    const state = { key: 'severity', dir: 1 };
    const rows = findings.map((f, i) => ({ f, i, tr: findingRow(f) }));

    function render() {
      rows.sort((a, b) => state.dir * compare(a.f, b.f, state.key) ||
        compare(a.f, b.f, 'severity') || a.i - b.i);
      for (const r of rows) tbody.appendChild(r.tr);
      for (const th of hr.children) {
        th.setAttribute('aria-sort', th.dataset.key === state.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
      }
    }
    for (const c of COLUMNS) {
      const th = el('th');
      th.dataset.key = c.key;
      const b = el('button', '', c.label);
      b.type = 'button';
      b.addEventListener('click', () => {
        state.dir = state.key === c.key ? -state.dir : 1;
        state.key = c.key;
        render();
      });
      th.appendChild(b);
      hr.appendChild(th);
    }
    thead.appendChild(hr);
    table.appendChild(thead);
    table.appendChild(tbody);
    render();
    wrap.appendChild(table);
    return wrap;
  }

  function findingRow(f) {
    const tr = el('tr', 'sev-' + f.severity);
    tr.dataset.severity = f.severity;
    const sev = el('td');
    sev.appendChild(el('span', 'sev ' + f.severity, SEV_LABEL[f.severity] || f.severity));
    tr.appendChild(sev);
    const rule = el('td', 'rule');
    const btn = el('button', 'rule-link', f.rule);
    btn.type = 'button';
    btn.title = '查看规则说明';
    btn.addEventListener('click', () => openRule(f.rule));
    rule.appendChild(btn);
    if (ruleTitles[f.rule]) {
      const t = el('span', 'rule-title', ruleTitles[f.rule]);
      t.title = ruleTitles[f.rule];
      rule.appendChild(t);
    }
    tr.appendChild(rule);
    tr.appendChild(el('td', 'sheet', f.sheet));
    const cell = el('td', 'cell', f.cell);
    if (f.related && f.related.length) cell.title = '相关单元格：' + f.related.join('、');
    tr.appendChild(cell);
    tr.appendChild(el('td', 'msg', f.message));
    for (const v of [f.expected, f.actual]) {
      const text = v == null ? '' : String(v);
      // Short values (numbers) stay on one line; long descriptions wrap.
      tr.appendChild(el('td', text.length > 14 ? 'val' : 'num', text));
    }
    // Labels for the phone layout, where each row is a card of labelled lines.
    const labels = ['级别', '规则', '工作表', '单元格', '说明', '应为', '实为'];
    tr.querySelectorAll('td').forEach((td, i) => { td.dataset.label = labels[i] || ''; });
    return tr;
  }

  function applyFilter() {
    const on = {};
    for (const cb of document.querySelectorAll('.filters input[data-sev]')) on[cb.dataset.sev] = cb.checked;
    for (const card of document.querySelectorAll('#files .file')) {
      const rows = card.querySelectorAll('tbody tr');
      let shown = 0;
      for (const tr of rows) {
        const vis = on[tr.dataset.severity] !== false;
        tr.hidden = !vis;
        if (vis) shown++;
      }
      const note = card.querySelector('.shown');
      if (note) note.textContent = shown === rows.length ? '' : '已按级别筛选：显示 ' + shown + ' / ' + rows.length + ' 条';
    }
  }
  for (const cb of document.querySelectorAll('.filters input[data-sev]')) cb.addEventListener('change', applyFilter);

  // ---------- rule docs ----------
  function openRule(code) {
    const dlg = $('rule-dialog');
    $('rule-title').textContent = '规则说明 · ' + code;
    $('rule-text').textContent = '正在读取…';
    if (typeof dlg.showModal === 'function') dlg.showModal(); else dlg.setAttribute('open', '');
    const show = (doc) => { $('rule-text').textContent = doc.text; };
    if (ruleDocs[code]) return show(ruleDocs[code]);
    getJson('/api/rules/' + encodeURIComponent(code)).then((doc) => {
      ruleDocs[code] = doc;
      show(doc);
    }).catch(() => { $('rule-text').textContent = '无法读取规则说明'; });
  }
  $('rule-close').addEventListener('click', () => $('rule-dialog').close());
  $('rule-dialog').addEventListener('click', (e) => {
    if (e.target === $('rule-dialog')) $('rule-dialog').close();
  });

  // ---------- clearing ----------
  function clearBatch() {
    if (batch) {
      fetch('/api/batch/' + batch, { method: 'DELETE' }).catch(() => {});
      batch = null;
    }
  }
  $('clear').addEventListener('click', () => {
    clearBatch();
    $('results').hidden = true;
    $('files').textContent = '';
    window.scrollTo({ top: 0 });
  });
  // Closing the tab deletes the results at once rather than after expiry.
  window.addEventListener('pagehide', () => {
    if (batch && navigator.sendBeacon) navigator.sendBeacon('/api/batch/' + batch + '/delete');
  });
})();
