// 先租后让履约监管 · web console. Plain JavaScript over the JSON API (/api/...), no build step, no dependencies:
// the same files are served by the Functions app in Azure and by `cm serve` locally.
'use strict';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const RULES = {
  ASSESSMENT_APPLICATION: '履约评估申请', ASSESSMENT_DECISION: '评估结论', TRANSFER_CONTRACT_AND_PAYMENT: '转让合同与价款', LAND_PRICE_AMOUNT: '出让价款',
  REGISTRATION: '不动产登记', EXIT_AFTER_FAILED_ASSESSMENT: '评估未通过退出', RENEWAL_APPLICATION: '续租申请', RENEWAL_TERM: '续租年限', RENEWAL_RENT: '续租租金',
  RENT_ARREARS: '租金欠缴', PROHIBITED_DISPOSITION: '禁止转让转租抵押', USE_VIOLATION: '改变用途', TERM_LIMIT: '年限上限', LEASE_RENT_AMOUNT: '租金标准',
  POLICY_VALIDITY: '政策有效期', RENT_DUE: '租金到期', RENEWAL_DECISION: '续租决定',
};
const STATUS = { ok: '正常', upcoming: '将到期', due_soon: '即将到期', due_today: '今日到期', overdue: '已逾期', violation: '违约', info: '提示', not_applicable: '不适用' };
const SEVERITY = { info: '提示', warning: '警告', critical: '严重' };
const TASK_STATE = { open: '待处理', acknowledged: '已确认', resolved: '已办结', dismissed: '已撤销' };
const DELIVERY = { pending: '待发送', sent: '已发送', dead: '发送失败', held: '暂缓', suppressed: '已抑制', cancelled: '已取消', skipped: '已跳过', superseded: '已取消（义务已履行）', withdrawn: '已撤回（规则修订）' };
const ACTIONS = { acknowledge: '确认', resolve: '办结', dismiss: '撤销' };
const PAGE = 20;

const state = { me: null, district: null, seq: 0 };
// A page that finished loading after the user moved on must not draw over the newer page.
const stale = (seq) => seq !== state.seq;

// ---------- formatting ----------
function fmtDate(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${y}年${m}月${d}日（${WEEKDAYS[wd]}）`;
}
function fmtYuan(n) {
  if (n === null || n === undefined) return '—';
  return Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + '元';
}
function fmtInstant(iso) {
  // Beijing time, whatever the browser's zone.
  if (!iso) return '—';
  const t = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  const p = (v) => String(v).padStart(2, '0');
  return `${fmtDate(t.toISOString())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}（北京时间）`;
}
function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
const rule = (r) => `${esc(RULES[r] || r)} <span class="muted">${esc(r)}</span>`;
const status = (s) => `<span class="st-${esc(s)}">${esc(STATUS[s] || s)}</span>`;
const severity = (s) => `<span class="sev-${esc(s)}">${esc(SEVERITY[s] || s)}</span>`;
const leaseLink = (id) => `<a href="#/leases/${encodeURIComponent(id)}">${esc(id)}</a>`;

// ---------- API ----------
class ApiError extends Error {
  constructor(status, problem) { super(problem?.detail || `HTTP ${status}`); this.status = status; this.problem = problem; }
}
async function api(method, path, body, contentType) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.body = body;
    init.headers['Content-Type'] = contentType || 'application/json';
  }
  const res = await fetch(path, init);
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}
function problemHtml(e) {
  if (!(e instanceof ApiError)) return `<p class="error" role="alert">${esc(e.message)}</p>`;
  const rows = (e.problem?.errors || []).map((x) => `<tr><td>${esc(x.field)}</td><td>${esc(x.leaseId || '')}</td><td>${esc(x.message)}</td></tr>`).join('');
  return `<div role="alert"><p class="error">${esc(e.problem?.title || '')} ${esc(e.problem?.detail || e.message)}</p>` +
    (rows ? `<table class="errors"><thead><tr><th>字段</th><th>合同</th><th>问题</th></tr></thead><tbody>${rows}</tbody></table>` : '') + '</div>';
}

// ---------- shell ----------
const main = () => document.getElementById('main');
function setPage(html, nav) {
  main().innerHTML = html;
  document.querySelectorAll('header nav a').forEach((a) => { if (a.dataset.nav !== nav) a.removeAttribute('aria-current'); else a.setAttribute('aria-current', 'page'); });
}
function districtSelect(id = 'district', withAll = false) {
  const ds = state.me.districts;
  if (ds.length === 1) return `<input type="hidden" id="${id}" value="${esc(ds[0].code)}">`;
  const all = withAll ? '<option value="" selected>全部辖区</option>' : '';
  return `<label>区<select id="${id}">${all}${ds.map((d) => `<option value="${esc(d.code)}"${!withAll && d.code === state.district ? ' selected' : ''}>${esc(d.name)}</option>`).join('')}</select></label>`;
}
function districtName(code) { return state.me.districts.find((d) => d.code === code)?.name || code; }

async function signIn() {
  const dev = await fetch('/api/dev/sign-in', { method: 'GET' });
  location.href = dev.ok ? '/api/dev/sign-in' : '/.auth/login/aad?post_login_redirect_uri=/api/console/';
}

async function start() {
  try {
    state.me = await api('GET', '/api/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { await signIn(); return; }
    main().innerHTML = problemHtml(e);
    return;
  }
  const saved = localStorage.getItem('cm.district');
  state.district = state.me.districts.some((d) => d.code === saved) ? saved : state.me.districts[0]?.code;
  const scope = state.me.isCity ? '市级（全部区）' : state.me.districts.map((d) => d.name).join('、');
  document.getElementById('who').innerHTML = `${esc(state.me.name)} · ${esc(scope)} · 今天 ${esc(fmtDate(state.me.today))}`;
  window.addEventListener('hashchange', route);
  await route();
}

async function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const parts = hash.split('?')[0].split('/').filter(Boolean);
  state.seq++;
  try {
    if (parts.length === 0) await dashboard();
    else if (parts[0] === 'alerts') await alertsPage();
    else if (parts[0] === 'tasks') await tasksPage();
    else if (parts[0] === 'leases' && parts[1]) await leasePage(decodeURIComponent(parts.slice(1).join('/')));
    else if (parts[0] === 'check') checkPage();
    else if (parts[0] === 'import') importPage();
    else if (parts[0] === 'holds') await holdsPage();
    else if (parts[0] === 'dead') await deadPage();
    else setPage('<div class="notfound" role="alert"><h1>未找到</h1><p>没有这个页面。</p></div>', '');
  } catch (e) {
    setPage(problemHtml(e), '');
  }
  main().focus({ preventScroll: true });
}

// ---------- dashboard ----------
const FIGURES = [
  ['openAlerts', '未结预警'], ['new', '新增'], ['dueSoon', '即将到期'], ['dueToday', '今日到期'], ['overdue', '已逾期', 'bad'],
  ['violations', '违约', 'bad'], ['activeTasks', '进行中任务'], ['escalatedTasks', '已升级任务', 'warn'], ['failedDeliveries', '发送失败', 'warn'], ['leases', '合同数'],
];
async function dashboard() {
  const seq = state.seq;
  const code = state.district;
  const d = await api('GET', `/api/districts/${encodeURIComponent(code)}/digest?format=json`);
  if (stale(seq)) return;
  const max = Math.max(1, ...d.deadlineWeeks.map((w) => w.deadlines));
  const weeks = d.deadlineWeeks.map((w) => `<tr><td>${esc(fmtDate(w.start))} – ${esc(fmtDate(w.end))}</td><td class="num" data-week="${esc(w.start)}">${w.deadlines}</td><td><span class="bar" style="width:${Math.round((w.deadlines / max) * 240)}px"></span></td></tr>`).join('');
  const items = (list) => list.map((i) => `<tr><td>${leaseLink(i.leaseId)}</td><td>${esc(i.landUserName || '')}</td><td>${rule(i.rule)}</td><td>${status(i.status)}</td><td>${esc(fmtDate(i.deadline))}</td><td class="num">${esc(fmtYuan(i.amountYuan))}</td></tr>`).join('');
  const head = '<thead><tr><th>合同</th><th>企业</th><th>规则</th><th>状态</th><th>期限</th><th class="num">金额</th></tr></thead>';
  setPage(`<h1>仪表板 · ${esc(d.districtName)}</h1>
    <div class="filters">${districtSelect()}<span class="muted">数据日期 ${esc(fmtDate(d.date))}，与当日监管日报一致</span></div>
    <section aria-label="日报数字" class="figures">${FIGURES.map(([k, label, cls]) => `<div class="figure ${cls || ''}" data-figure="${k}"><span class="value">${d.counts[k]}</span><span class="label">${label}</span></div>`).join('')}</section>
    <div class="cols">
      <section><h2>未来 ${d.deadlineWeeks.length} 周截止事项</h2><table><thead><tr><th>周</th><th class="num">截止数</th><th></th></tr></thead><tbody>${weeks}</tbody></table></section>
      <section><h2>已逾期（${d.overdue.length}）</h2><table>${head}<tbody>${items(d.overdue) || '<tr><td colspan="6">无</td></tr>'}</tbody></table>
      <h2>即将到期（${d.dueSoon.length}）</h2><table>${head}<tbody>${items(d.dueSoon) || '<tr><td colspan="6">无</td></tr>'}</tbody></table></section>
    </div>`, 'dashboard');
  const sel = document.getElementById('district');
  if (sel && sel.tagName === 'SELECT') sel.addEventListener('change', () => { state.district = sel.value; localStorage.setItem('cm.district', sel.value); dashboard(); });
}

// ---------- lists (alerts, tasks): filters, sorting, paging, export ----------
function listPage({ nav, title, filtersHtml, load, columns, rowActions, exportName, sort, dir }) {
  const view = { rows: [], sort: sort || columns[0].key, dir: dir || 1, page: 0 };
  setPage(`<h1>${title}</h1><form class="filters" id="filters">${filtersHtml}<button type="submit">筛选</button><button type="button" class="secondary" id="export">导出 Excel</button></form>
    <div id="list-status" role="status" class="muted"></div><div id="list"></div>
    <div class="pager"><button type="button" class="secondary" id="prev">上一页</button><span id="page"></span><button type="button" class="secondary" id="next">下一页</button></div>`, nav);
  const render = () => {
    const rows = [...view.rows].sort((a, b) => {
      const x = columns.find((c) => c.key === view.sort).sortValue(a); const y = columns.find((c) => c.key === view.sort).sortValue(b);
      return (x < y ? -1 : x > y ? 1 : 0) * view.dir;
    });
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    view.page = Math.min(view.page, pages - 1);
    const shown = rows.slice(view.page * PAGE, view.page * PAGE + PAGE);
    document.getElementById('list').innerHTML = `<table><thead><tr>${columns.map((c) => `<th${c.num ? ' class="num"' : ''} aria-sort="${view.sort === c.key ? (view.dir > 0 ? 'ascending' : 'descending') : 'none'}"><button type="button" data-sort="${c.key}">${c.label}${view.sort === c.key ? (view.dir > 0 ? ' ▲' : ' ▼') : ''}</button></th>`).join('')}${rowActions ? '<th>操作</th>' : ''}</tr></thead>
      <tbody>${shown.map((r) => `<tr>${columns.map((c) => `<td${c.num ? ' class="num"' : ''}>${c.html(r)}</td>`).join('')}${rowActions ? `<td>${rowActions(r)}</td>` : ''}</tr>`).join('') || `<tr><td colspan="${columns.length + 1}">没有符合条件的记录</td></tr>`}</tbody></table>`;
    document.getElementById('page').textContent = `第 ${view.page + 1} / ${pages} 页，共 ${rows.length} 条`;
    document.getElementById('prev').disabled = view.page === 0;
    document.getElementById('next').disabled = view.page >= pages - 1;
    document.querySelectorAll('[data-sort]').forEach((b) => b.addEventListener('click', () => {
      if (view.sort === b.dataset.sort) view.dir = -view.dir; else { view.sort = b.dataset.sort; view.dir = 1; }
      render();
      document.querySelector(`[data-sort="${b.dataset.sort}"]`).focus();
    }));
    view.sorted = rows;
  };
  const seq = state.seq;
  const reload = async () => {
    document.getElementById('list-status').textContent = '加载中…';
    try {
      const rows = await load(new FormData(document.getElementById('filters')));
      if (stale(seq)) return;
      view.rows = rows;
      view.page = 0;
      document.getElementById('list-status').textContent = `找到 ${view.rows.length} 条`;
      render();
    } catch (e) {
      if (stale(seq)) return;
      document.getElementById('list').innerHTML = problemHtml(e);
      document.getElementById('list-status').textContent = '';
    }
  };
  document.getElementById('filters').addEventListener('submit', (ev) => { ev.preventDefault(); reload(); });
  document.getElementById('prev').addEventListener('click', () => { view.page--; render(); });
  document.getElementById('next').addEventListener('click', () => { view.page++; render(); });
  document.getElementById('export').addEventListener('click', () => exportXlsx(exportName, columns.filter((c) => c.export !== false), view.sorted || view.rows));
  return { reload, render };
}

// The rule codes come from the API (GET /api/me), so a rule added to the engine is in the filter at once.
function ruleOptions() { return `<option value="">全部</option>${(state.me.rules || Object.keys(RULES)).map((k) => `<option value="${esc(k)}">${esc(RULES[k] || k)}</option>`).join('')}`; }

async function alertsPage() {
  const page = listPage({
    nav: 'alerts', title: '预警', exportName: '预警',
    filtersHtml: `${districtSelect('f-district', true).replace('id="f-district"', 'id="f-district" name="district"')}
      <label>规则<select name="rule">${ruleOptions()}</select></label>
      <label>严重程度<select name="severity"><option value="">全部</option>${Object.entries(SEVERITY).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
      <label>状态<select name="status"><option value="">全部</option>${Object.entries(STATUS).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
      <label>预警<select name="state"><option value="open">未结</option><option value="resolved">已结</option><option value="all">全部</option></select></label>
      <label>期限自<input type="date" name="from"></label><label>期限至<input type="date" name="to"></label>
      <label>企业/合同<input type="search" name="q"></label>`,
    load: async (f) => {
      const q = new URLSearchParams();
      for (const [k, v] of f.entries()) if (v) q.set(k, v);
      return (await api('GET', `/api/alerts?${q}`)).alerts;
    },
    columns: [
      { key: 'deadline', label: '期限', html: (a) => esc(fmtDate(a.deadline)), sortValue: (a) => a.deadline || '9999', text: (a) => a.deadline || '' },
      { key: 'lease', label: '合同', html: (a) => leaseLink(a.leaseId), sortValue: (a) => a.leaseId, text: (a) => a.leaseId },
      { key: 'enterprise', label: '企业', html: (a) => esc(a.landUserName), sortValue: (a) => a.landUserName || '', text: (a) => a.landUserName || '' },
      { key: 'rule', label: '规则', html: (a) => rule(a.rule), sortValue: (a) => a.rule, text: (a) => RULES[a.rule] || a.rule },
      { key: 'status', label: '状态', html: (a) => status(a.status), sortValue: (a) => a.status, text: (a) => STATUS[a.status] || a.status },
      { key: 'severity', label: '严重程度', html: (a) => severity(a.severity), sortValue: (a) => ['critical', 'warning', 'info'].indexOf(a.severity), text: (a) => SEVERITY[a.severity] || a.severity },
      { key: 'amount', label: '金额', num: true, html: (a) => esc(fmtYuan(a.amountYuan)), sortValue: (a) => a.amountYuan ?? -1, text: (a) => a.amountYuan ?? '' },
    ],
  });
  await page.reload();
}

async function tasksPage() {
  const page = listPage({
    nav: 'tasks', title: '执法任务', exportName: '执法任务',
    filtersHtml: `${districtSelect('f-district', true).replace('id="f-district"', 'id="f-district" name="district"')}
      <label>任务状态<select name="state"><option value="active">进行中</option>${Object.entries(TASK_STATE).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}<option value="">全部</option></select></label>
      <label>规则<select name="rule">${ruleOptions()}</select></label>
      <label>部门<select name="department"><option value="">全部</option><option value="industry">产业主管部门</option><option value="planning">规划和自然资源部门</option></select></label>
      <label>办理期限自<input type="date" name="from"></label><label>办理期限至<input type="date" name="to"></label>
      <label>合同/摘要<input type="search" name="q"></label>`,
    load: async (f) => {
      const q = new URLSearchParams();
      for (const k of ['district', 'state', 'rule', 'department']) if (f.get(k)) q.set(k, f.get(k));
      const tasks = (await api('GET', `/api/tasks?${q}`)).tasks;
      const from = f.get('from'); const to = f.get('to'); const text = (f.get('q') || '').trim();
      return tasks.filter((t) => (!from || t.dueOn >= from) && (!to || t.dueOn <= to) && (!text || t.leaseId.includes(text) || t.summary.includes(text)));
    },
    columns: [
      { key: 'dueOn', label: '办理期限', html: (t) => esc(fmtDate(t.dueOn)), sortValue: (t) => t.dueOn, text: (t) => t.dueOn },
      { key: 'lease', label: '合同', html: (t) => leaseLink(t.leaseId), sortValue: (t) => t.leaseId, text: (t) => t.leaseId },
      { key: 'rule', label: '规则', html: (t) => rule(t.rule), sortValue: (t) => t.rule, text: (t) => RULES[t.rule] || t.rule },
      { key: 'department', label: '部门', html: (t) => esc(t.departmentName), sortValue: (t) => t.department, text: (t) => t.departmentName },
      { key: 'summary', label: '摘要', html: (t) => esc(t.summary), sortValue: (t) => t.summary, text: (t) => t.summary },
      { key: 'state', label: '状态', html: (t) => esc(TASK_STATE[t.state] || t.state) + (t.escalated ? ' <span class="sev-critical">已升级</span>' : ''), sortValue: (t) => t.state, text: (t) => TASK_STATE[t.state] || t.state },
    ],
    rowActions: taskButtons,
  });
  wireTaskButtons(() => page.reload());
  await page.reload();
}

function taskButtons(t) {
  const can = { acknowledge: t.state === 'open', resolve: t.state === 'open' || t.state === 'acknowledged', dismiss: t.state === 'open' || t.state === 'acknowledged' };
  return Object.entries(ACTIONS).filter(([a]) => can[a]).map(([a, label]) => `<button type="button" class="secondary" data-task="${esc(t.id)}" data-action="${a}" data-lease="${esc(t.leaseId)}" data-rule="${esc(t.rule)}">${label}</button>`).join(' ');
}
function wireTaskButtons(after) {
  main().addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-task]');
    if (b) openTaskDialog(b.dataset.task, b.dataset.action, b.dataset.lease, b, after, b.dataset.rule);
  });
}
// What closes each rule's task: the fact recorded on the lease (TaskFacts on the server; field → label, kind).
const TASK_FACTS = {
  RENT_ARREARS: [['paidOn', '缴款日期', 'date'], ['amountYuan', '缴款金额（元）', 'amount'], ['ref', '凭证号', 'text']],
  LAND_PRICE_AMOUNT: [['paidOn', '缴款日期', 'date'], ['amountYuan', '缴款金额（元）', 'amount']],
  TRANSFER_CONTRACT_AND_PAYMENT: [['contractSignedOn', '出让合同签订日期', 'date'], ['paidOn', '地价缴款日期', 'date'], ['amountYuan', '地价缴款金额（元）', 'amount']],
  ASSESSMENT_APPLICATION: [['appliedOn', '考核申请日期', 'date']],
  ASSESSMENT_DECISION: [['result', '考核结果（passed/failed）', 'text'], ['decidedOn', '考核决定日期', 'date'], ['noticeReceivedOn', '书面通知送达日期', 'date']],
  REGISTRATION: [['registeredOn', '不动产登记日期', 'date']],
  EXIT_AFTER_FAILED_ASSESSMENT: [['completedOn', '退出完成日期', 'date']],
  RENEWAL_DECISION: [['approvedOn', '准予续租日期', 'date'], ['approvedYears', '续租年限', 'years'], ['newLeaseEnd', '续租期届满日', 'date'], ['refusedOn', '不予续租日期', 'date']],
  MILESTONE: [['achievedOn', '节点实际完成日期', 'date']],
  IDLE_LAND: [['achievedOn', '实际开工日期', 'date']],
  RETURN_REFUND: [['refundPaidOn', '退款支付日期', 'date']],
};
const TASK_HANDLED_ONLY = ['PROHIBITED_DISPOSITION', 'USE_VIOLATION', 'TERM_LIMIT', 'LEASE_RENT_AMOUNT', 'RENEWAL_APPLICATION', 'RENEWAL_TERM', 'RENEWAL_RENT'];
function taskResolutionFields(rule) {
  if (TASK_HANDLED_ONLY.includes(rule)) return '<p id="task-resolution-how">违约行为的处理情况记入任务历史（处理结果不改变合同记录，扫描不会重新打开）。</p>';
  const facts = TASK_FACTS[rule] || [];
  const factInputs = facts.map(([name, label, kind]) => `<label for="task-fact-${name}">${esc(label)}</label>
    <input id="task-fact-${name}" data-fact="${name}" data-kind="${kind}" ${kind === 'date' ? 'type="date"' : kind === 'text' ? 'type="text" maxlength="200"' : 'type="number" min="0" step="' + (kind === 'years' ? '1' : '0.01') + '"'}>`).join('');
  return `<fieldset id="task-resolution"><legend>办结方式（必选）</legend>
    ${facts.length ? '<label><input type="radio" name="task-resolution" value="recorded"> 记录办结事实（写入合同记录，留痕）</label>' : ''}
    <label><input type="radio" name="task-resolution" value="unchanged"> 已处理，记录未变（下次扫描仍发现违约时任务将重新打开）</label>
    ${facts.length ? `<div id="task-facts" hidden>${factInputs}</div>` : ''}</fieldset>`;
}
function openTaskDialog(id, action, leaseId, opener, after, rule) {
  const dlg = document.getElementById('task-dialog');
  const note = document.getElementById('task-note');
  const err = document.getElementById('task-dialog-error');
  document.getElementById('task-dialog-title').textContent = `${ACTIONS[action]}任务 ${id}`;
  document.getElementById('task-dialog-what').textContent = `合同 ${leaseId}：请填写说明，将与您的姓名一并记入任务历史。`;
  note.value = ''; err.textContent = '';
  // The resolve choices live in one container inside the dialog, rebuilt for each task.
  let how = document.getElementById('task-resolve-part');
  if (!how) { how = document.createElement('div'); how.id = 'task-resolve-part'; err.before(how); }
  how.innerHTML = action === 'resolve' ? taskResolutionFields(rule) : '';
  const factsBox = document.getElementById('task-facts');
  how.querySelectorAll('input[name="task-resolution"]').forEach((r) => { r.onchange = () => { if (factsBox) factsBox.hidden = r.value !== 'recorded' || !r.checked; }; });
  const form = document.getElementById('task-form');
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    if (!note.value.trim()) { err.textContent = '请填写说明。'; note.focus(); return; }
    const body = { action, note: note.value.trim() };
    if (action === 'resolve') {
      if (TASK_HANDLED_ONLY.includes(rule)) body.resolution = 'handled';
      else {
        const chosen = how.querySelector('input[name="task-resolution"]:checked');
        if (!chosen) { err.textContent = '请选择办结方式。'; how.querySelector('input[name="task-resolution"]')?.focus(); return; }
        body.resolution = chosen.value;
        if (chosen.value === 'recorded') {
          body.fact = {};
          how.querySelectorAll('input[data-fact]').forEach((i) => {
            const v = i.value.trim();
            if (v) body.fact[i.dataset.fact] = i.dataset.kind === 'amount' ? Number(v) : i.dataset.kind === 'years' ? parseInt(v, 10) : v;
          });
        }
      }
    }
    try {
      await api('PATCH', `/api/tasks/${encodeURIComponent(id)}`, JSON.stringify(body));
      dlg.close();
      await after();
    } catch (e) {
      const fields = e instanceof ApiError && Array.isArray(e.problem?.errors) ? e.problem.errors.map((x) => `${x.field}：${x.message}`).join('；') : '';
      err.textContent = fields || (e instanceof ApiError ? (e.problem?.detail || e.message) : e.message);
    }
  };
  document.getElementById('task-cancel').onclick = () => { dlg.close(); opener?.focus(); };
  dlg.showModal();
  note.focus();
}

// ---------- xlsx export (a minimal SpreadsheetML workbook in a zip, built in the browser: no library) ----------
function exportXlsx(name, columns, rows) {
  const xmlEsc = (s) => String(s ?? '').replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' }[c]));
  const colName = (i) => String.fromCharCode(65 + i);
  const cell = (v, r, c) => typeof v === 'number' ? `<c r="${colName(c)}${r}"><v>${v}</v></c>` : `<c r="${colName(c)}${r}" t="inlineStr"><is><t>${xmlEsc(v)}</t></is></c>`;
  const sheetRows = [columns.map((c) => c.label.replace(/<[^>]+>/g, '')), ...rows.map((r) => columns.map((c) => c.text(r)))]
    .map((vals, i) => `<row r="${i + 1}">${vals.map((v, j) => cell(v, i + 1, j)).join('')}</row>`).join('');
  const files = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xmlEsc(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  };
  const blob = new Blob([zip(files)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${name}-${state.me.today}.xlsx`;
  document.body.appendChild(a); a.click(); a.remove();
}
function crc32(bytes) {
  let c, crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) { c = (crc ^ bytes[i]) & 0xff; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; crc = (crc >>> 8) ^ c; }
  return (crc ^ 0xffffffff) >>> 0;
}
function zip(files) {
  // Stored (uncompressed) zip: enough for a workbook.
  const enc = new TextEncoder(); const parts = []; const central = []; let offset = 0;
  const u16 = (v) => [v & 0xff, (v >>> 8) & 0xff]; const u32 = (v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  for (const [name, text] of Object.entries(files)) {
    const data = enc.encode(text); const nm = enc.encode(name); const crc = crc32(data);
    const local = [...u32(0x04034b50), ...u16(20), ...u16(0x0800), ...u16(0), ...u16(0), ...u16(0x21), ...u32(crc), ...u32(data.length), ...u32(data.length), ...u16(nm.length), ...u16(0)];
    parts.push(new Uint8Array(local), nm, data);
    central.push(new Uint8Array([...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(0x0800), ...u16(0), ...u16(0), ...u16(0x21), ...u32(crc), ...u32(data.length), ...u32(data.length), ...u16(nm.length), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(offset)]), nm);
    offset += local.length + nm.length + data.length;
  }
  const size = central.reduce((s, p) => s + p.length, 0);
  const end = new Uint8Array([...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(Object.keys(files).length), ...u16(Object.keys(files).length), ...u32(size), ...u32(offset), ...u16(0)]);
  return new Blob([...parts, ...central, end]);
}

// ---------- lease page ----------
async function leasePage(id) {
  const seq = state.seq;
  let l;
  try {
    l = await api('GET', `/api/leases/${encodeURIComponent(id)}`);
    if (stale(seq)) return;
  } catch (e) {
    if (stale(seq)) return;
    if (e instanceof ApiError && e.status === 404) {
      setPage(`<div class="notfound" role="alert"><h1>未找到</h1><p>没有编号为「${esc(id)}」的合同（或不在您的辖区内）。</p><p><a href="#/">返回仪表板</a></p></div>`, '');
      return;
    }
    throw e;
  }
  const r = l.record;
  const findings = [...l.check.findings].sort((a, b) => (a.deadline || '9999').localeCompare(b.deadline || '9999'));
  setPage(`<h1>合同 ${esc(l.leaseId)} · ${esc(r.landUser?.name)}</h1>
    <p class="muted">${esc(l.districtName)} · ${esc(r.parcel?.name)}（${esc(r.parcel?.code)}） · 核查日期 ${esc(fmtDate(l.asOf))}</p>
    <div class="cols">
      <section><h2>合同记录</h2><dl class="record">
        <dt>供地方式</dt><dd>${esc({ new: '新增供应', existing: '存量盘活' }[r.supplyMode] || r.supplyMode)}</dd>
        <dt>土地使用者</dt><dd>${esc(r.landUser?.name)}（${esc(r.landUser?.creditCode)}）</dd>
        <dt>底价</dt><dd>${esc(fmtYuan(r.basePriceYuan))}</dd>
        <dt>租赁期</dt><dd>${esc(fmtDate(r.leaseStart))} 至 ${esc(fmtDate(r.leaseEnd))}（${r.leaseYears} 年，总年限 ${r.totalYears} 年）</dd>
        <dt>竣工日期</dt><dd>${esc(fmtDate(r.constructionCompletedOn))}</dd>
        <dt>租金计划</dt><dd>${(r.rentSchedule || []).map((i) => `${esc(fmtDate(i.dueDate || i.dueOn))} ${esc(fmtYuan(i.amountYuan))}`).join('<br>') || '—'}</dd>
        <dt>已缴租金</dt><dd>${(r.rentPayments || []).map((p) => `${esc(fmtDate(p.paidOn || p.date))} ${esc(fmtYuan(p.amountYuan))}`).join('<br>') || '—'}</dd>
      </dl></section>
      <section><h2>义务时间线</h2><ol class="timeline">${findings.map((f) => `<li class="${esc(f.status)}"><strong>${esc(fmtDate(f.deadline))}</strong> ${rule(f.rule)} · ${status(f.status)} · ${severity(f.severity)}${f.amountYuan != null ? ' · ' + esc(fmtYuan(f.amountYuan)) : ''}<br><span class="muted">${esc(f.message || '')} ${esc(f.basis || '')}</span></li>`).join('') || '<li>无待履行义务</li>'}</ol></section>
    </div>
    <section><h2>执法任务</h2><table><thead><tr><th>规则</th><th>部门</th><th>办理期限</th><th>状态</th><th>摘要</th><th>操作</th></tr></thead><tbody>
      ${l.tasks.map((t) => `<tr><td>${rule(t.rule)}</td><td>${esc(t.departmentName)}</td><td>${esc(fmtDate(t.dueOn))}</td><td>${esc(TASK_STATE[t.state] || t.state)}</td><td>${esc(t.summary)}</td><td>${taskButtons(t)}</td></tr>`).join('') || '<tr><td colspan="6">无</td></tr>'}</tbody></table></section>
    <section><h2>提醒发送记录</h2><table><thead><tr><th>生成日期</th><th>规则</th><th>阶段</th><th>渠道</th><th>收件人</th><th>状态</th><th>发送时间</th><th class="num">尝试</th><th>错误</th></tr></thead><tbody>
      ${l.reminders.map((o) => `<tr><td>${esc(fmtDate(o.queuedOn))}</td><td>${rule(o.rule)}</td><td>${esc(o.stage)}</td><td>${o.channel === 'sms' ? '短信' : '邮件'}</td><td>${esc(o.recipient)}</td><td>${esc(DELIVERY[o.status] || o.status)}</td><td>${esc(fmtInstant(o.sentAt))}</td><td class="num">${o.attempts}</td><td>${esc(o.lastError || '')}</td></tr>`).join('') || '<tr><td colspan="9">无</td></tr>'}</tbody></table></section>
    <section><h2>审计历史</h2><table id="history"><thead><tr><th>时间</th><th>操作人</th><th>事项</th><th>说明</th></tr></thead><tbody>
      ${l.history.map((h) => `<tr><td>${esc(fmtInstant(h.at))}</td><td>${esc(h.by)}</td><td>${esc(h.what)}</td><td>${esc(h.note || '')}</td></tr>`).join('') || '<tr><td colspan="4">无</td></tr>'}</tbody></table></section>`, '');
  wireTaskButtons(() => leasePage(id));
}

// ---------- on-demand check ----------
function checkPage() {
  setPage(`<h1>记录核查</h1><p class="muted">粘贴或上传一条（或一组）合同记录（JSON，见 records.md），按所选日期核查；不保存。</p>
    <form id="check-form"><div class="filters"><label>核查日期<input type="date" id="check-asof" value="${esc(state.me.today)}"></label>
    <label>上传文件<input type="file" id="check-file" accept=".json,application/json"></label></div>
    <label for="check-text">合同记录</label><textarea id="check-text" class="record" spellcheck="false"></textarea>
    <p><button type="submit">核查</button></p></form><div id="check-result" aria-live="polite"></div>`, 'check');
  document.getElementById('check-file').addEventListener('change', async (ev) => {
    const f = ev.target.files[0]; if (f) document.getElementById('check-text').value = await f.text();
  });
  document.getElementById('check-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = document.getElementById('check-result');
    try {
      const asOf = document.getElementById('check-asof').value;
      const res = await api('POST', `/api/check${asOf ? '?asOf=' + asOf : ''}`, document.getElementById('check-text').value);
      const results = Array.isArray(res) ? res : [res];
      out.innerHTML = results.map((c) => `<h2>${esc(c.leaseId)} · 核查日期 ${esc(fmtDate(c.asOf))}</h2><table><thead><tr><th>规则</th><th>状态</th><th>严重程度</th><th>期限</th><th class="num">金额</th><th>依据</th></tr></thead><tbody>
        ${c.findings.map((f) => `<tr><td>${rule(f.rule)}</td><td>${status(f.status)}</td><td>${severity(f.severity)}</td><td>${esc(fmtDate(f.deadline))}</td><td class="num">${esc(fmtYuan(f.amountYuan))}</td><td>${esc(f.basis)}</td></tr>`).join('') || '<tr><td colspan="6">无发现</td></tr>'}</tbody></table>`).join('');
    } catch (e) {
      out.innerHTML = problemHtml(e);
    }
  });
}

// ---------- ledger import: preview, then confirm ----------
function importPage() {
  setPage(`<h1>台账导入</h1><p class="muted">上传台账（.xlsx、.csv 或 .json），先预览将新增、更新、不变的合同和每一处错误（行、列），确认后全部导入；有任何错误则不导入。</p>
    <form id="import-form" class="filters"><label>台账文件<input type="file" id="import-file" accept=".xlsx,.csv,.json" required></label>
    <button type="submit">预览</button><button type="button" id="import-confirm" disabled>确认导入</button></form><div id="import-result" aria-live="polite"></div>`, 'import');
  let current = null;
  const send = async (path) => {
    const f = document.getElementById('import-file').files[0];
    const ext = f.name.split('.').pop().toLowerCase();
    return api('POST', `${path}?format=${encodeURIComponent(ext)}&name=${encodeURIComponent(f.name)}`, await f.arrayBuffer(), 'application/octet-stream');
  };
  document.getElementById('import-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = document.getElementById('import-result');
    try {
      current = await send('/api/imports/preview');
      const list = (ids) => ids.length ? ids.map(esc).join('、') : '无';
      out.innerHTML = `<h2>预览：${esc(current.source)}（${current.rows} 行）</h2>
        <dl class="record"><dt>新增</dt><dd data-count="new">${current.new.length}：${list(current.new)}</dd><dt>更新</dt><dd data-count="updated">${current.updated.length}：${list(current.updated)}</dd><dt>不变</dt><dd data-count="unchanged">${current.unchanged.length}</dd><dt>错误</dt><dd data-count="errors">${current.errors.length}</dd></dl>
        ${current.errors.length ? `<h2 class="error">错误（${current.errors.length}），不能导入</h2><table id="import-errors"><thead><tr><th>来源</th><th class="num">行</th><th>列</th><th>合同</th><th>问题</th></tr></thead><tbody>${current.errors.map((e) => `<tr><td>${esc(e.source)}</td><td class="num">${e.row ?? ''}</td><td>${esc(e.field)}</td><td>${esc(e.leaseId || '')}</td><td>${esc(e.message)}</td></tr>`).join('')}</tbody></table>` : '<p>没有错误，可以确认导入。</p>'}`;
      document.getElementById('import-confirm').disabled = current.errors.length > 0;
    } catch (e) {
      out.innerHTML = problemHtml(e);
      document.getElementById('import-confirm').disabled = true;
    }
  });
  document.getElementById('import-confirm').addEventListener('click', async () => {
    const out = document.getElementById('import-result');
    try {
      const done = await send('/api/imports');
      out.innerHTML = `<p role="status">已导入：新增 ${done.new.length}，更新 ${done.updated.length}，不变 ${done.unchanged.length}。</p>`;
      document.getElementById('import-confirm').disabled = true;
    } catch (e) {
      out.innerHTML = problemHtml(e);
    }
  });
}

// ---------- contact holds (as Alertmanager lists silences): snooze and SMS stop, with reason and end ----------
const HOLD_KIND = { snooze: '暂停全部提醒', smsStop: '停发短信' };
async function holdsPage() {
  const seq = state.seq;
  const today = state.me.today;
  setPage(`<h1>联系暂停</h1><p class="muted">暂停一份合同的全部提醒，或停发其企业的短信（严重事项仍发短信），须写明原因和截止日期；到期自动恢复，也可提前解除。每次设置和解除都记录操作人。</p>
    <form id="hold-form" class="filters" aria-labelledby="hold-form-title"><h2 id="hold-form-title" class="sr-only">新增暂停</h2>
      <label>类型<select id="hold-kind" name="kind"><option value="snooze">${HOLD_KIND.snooze}</option><option value="smsStop">${HOLD_KIND.smsStop}</option></select></label>
      <label>合同编号<input id="hold-lease" name="leaseId" required autocomplete="off" size="14"></label>
      <label>规则（可选）<select id="hold-rule" name="rule">${ruleOptions()}</select></label>
      <label>截止日期（含）<input type="date" id="hold-until" name="until" required min="${esc(today)}" aria-describedby="hold-until-shown"><output id="hold-until-shown" class="muted" for="hold-until"></output></label>
      <label class="grow">原因<input id="hold-reason" name="reason" required maxlength="500"></label>
      <button type="submit">设置暂停</button></form>
    <div id="hold-result" role="status"></div>
    <h2>生效中的暂停</h2><div class="filters">${districtSelect('hold-district', true)}<label>类型<select id="hold-filter-kind"><option value="">全部</option><option value="snooze">${HOLD_KIND.snooze}</option><option value="smsStop">${HOLD_KIND.smsStop}</option></select></label></div>
    <div id="holds"></div>`, 'holds');
  const kind = document.getElementById('hold-kind');
  const ruleSel = document.getElementById('hold-rule');
  const until = document.getElementById('hold-until');
  until.addEventListener('input', () => { document.getElementById('hold-until-shown').textContent = until.value ? fmtDate(until.value) : ''; });
  kind.addEventListener('change', () => { ruleSel.disabled = kind.value !== 'snooze'; if (ruleSel.disabled) ruleSel.value = ''; });
  const load = async () => {
    const q = new URLSearchParams();
    const d = document.getElementById('hold-district').value; if (d) q.set('district', d);
    const k = document.getElementById('hold-filter-kind').value; if (k) q.set('kind', k);
    const res = await api('GET', `/api/holds?${q}`);
    if (stale(seq)) return;
    document.getElementById('holds').innerHTML = `<table id="holds-table"><thead><tr><th>类型</th><th>合同</th><th>企业</th><th>规则</th><th>原因</th><th>设置人</th><th>设置时间</th><th>截止日期</th><th>操作</th></tr></thead><tbody>
      ${res.holds.map((h) => `<tr data-hold="${esc(h.id)}"><td>${esc(HOLD_KIND[h.kind] || h.kind)}</td><td>${leaseLink(h.leaseId)}</td><td>${esc(h.landUserName)}</td><td>${h.rule ? rule(h.rule) : '全部'}</td><td>${esc(h.reason || '')}</td><td>${esc(h.by || '')}</td><td>${esc(fmtInstant(h.since))}</td><td>${h.until ? esc(fmtDate(h.until)) : '无截止'}</td>
        <td><button type="button" class="secondary" data-lift="${esc(h.id)}" aria-label="解除 ${esc(h.leaseId)} 的${esc(HOLD_KIND[h.kind] || h.kind)}">解除</button></td></tr>`).join('') || '<tr><td colspan="9">没有生效中的暂停</td></tr>'}</tbody></table>`;
  };
  document.getElementById('hold-district').addEventListener('change', load);
  document.getElementById('hold-filter-kind').addEventListener('change', load);
  document.getElementById('hold-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = document.getElementById('hold-result');
    const body = { kind: kind.value, leaseId: document.getElementById('hold-lease').value.trim(), until: document.getElementById('hold-until').value, reason: document.getElementById('hold-reason').value.trim() };
    if (kind.value === 'snooze' && ruleSel.value) body.rule = ruleSel.value;
    try {
      const h = await api('POST', '/api/holds', JSON.stringify(body));
      out.innerHTML = `<p>已设置：${esc(HOLD_KIND[h.kind])} · 合同 ${esc(h.leaseId)} · 至 ${esc(fmtDate(h.until))}（${esc(h.by)}）</p>`;
      document.getElementById('hold-reason').value = '';
      await load();
    } catch (e) {
      out.innerHTML = problemHtml(e);
    }
  });
  main().addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-lift]');
    if (b) openReasonDialog({ title: '提前解除暂停', what: `解除 ${b.dataset.lift}：请填写原因，将与您的姓名一并记录。`, label: '解除原因（必填）', opener: b,
      submit: async (reason) => { await api('POST', `/api/holds/${encodeURIComponent(b.dataset.lift)}/lift`, JSON.stringify({ reason })); await load(); document.getElementById('hold-result').innerHTML = `<p>已解除 ${esc(b.dataset.lift)}。</p>`; } });
  });
  await load();
}

// A small dialog asking for one line of text (Enter submits, Escape cancels), built here so that the task dialog in
// index.html stays the task actions' own.
function openReasonDialog({ title, what, label, submit, opener, required = true }) {
  let dlg = document.getElementById('reason-dialog');
  if (!dlg) {
    dlg = document.createElement('dialog');
    dlg.id = 'reason-dialog';
    dlg.setAttribute('aria-labelledby', 'reason-dialog-title');
    dlg.innerHTML = `<form method="dialog" id="reason-form"><h2 id="reason-dialog-title"></h2><p id="reason-dialog-what"></p>
      <label for="reason-text" id="reason-label"></label><input id="reason-text" maxlength="500" autocomplete="off">
      <p class="error" id="reason-dialog-error" role="alert"></p>
      <div class="buttons"><button type="submit" id="reason-submit">提交</button><button type="button" id="reason-cancel">取消</button></div></form>`;
    document.body.appendChild(dlg);
  }
  const input = document.getElementById('reason-text');
  const err = document.getElementById('reason-dialog-error');
  document.getElementById('reason-dialog-title').textContent = title;
  document.getElementById('reason-dialog-what').textContent = what;
  document.getElementById('reason-label').textContent = label;
  input.value = ''; err.textContent = '';
  input.setAttribute('aria-required', String(required));
  document.getElementById('reason-form').onsubmit = async (ev) => {
    ev.preventDefault();
    if (required && !input.value.trim()) { err.textContent = '请填写原因。'; input.focus(); return; }
    try {
      await submit(input.value.trim());
      dlg.close();
      opener?.isConnected ? opener.focus() : main().focus();
    } catch (e) {
      err.textContent = e instanceof ApiError ? (e.problem?.errors?.map((x) => `${x.field}：${x.message}`).join('；') || e.problem?.detail || e.message) : e.message;
    }
  };
  document.getElementById('reason-cancel').onclick = () => { dlg.close(); opener?.focus(); };
  dlg.onclose = () => { if (!opener?.isConnected) main().focus(); };
  dlg.showModal();
  input.focus();
}

// ---------- dead reminders: list with filters, requeue the chosen ones ----------
async function deadPage() {
  const chosen = new Set();
  const page = listPage({
    nav: 'dead', title: '发送失败的提醒', exportName: '发送失败的提醒', sort: 'diedOn', dir: -1,
    filtersHtml: `${districtSelect('f-district', true).replace('id="f-district"', 'id="f-district" name="district"')}
      <label>渠道<select name="channel"><option value="">全部</option><option value="email">邮件</option><option value="sms">短信</option></select></label>
      <label>规则<select name="rule">${ruleOptions()}</select></label>
      <label>失败原因包含<input type="search" name="reason" size="12"></label>
      <label>失败日期自<input type="date" name="from"></label><label>失败日期至<input type="date" name="to"></label>
      <label>企业/合同<input type="search" name="q" size="12"></label>`,
    load: async (f) => {
      const q = new URLSearchParams();
      for (const [k, v] of f.entries()) if (v) q.set(k, v);
      const rows = (await api('GET', `/api/outbox/dead?${q}`)).entries;
      for (const id of [...chosen]) if (!rows.some((r) => r.id === id)) chosen.delete(id);
      return rows;
    },
    columns: [
      { key: 'pick', label: '选择', export: false, html: (o) => `<input type="checkbox" data-pick="${esc(o.id)}"${chosen.has(o.id) ? ' checked' : ''} aria-label="选择 ${esc(o.leaseId)} ${esc(o.stage)} ${o.channel === 'sms' ? '短信' : '邮件'}">`, sortValue: (o) => (chosen.has(o.id) ? 0 : 1), text: () => '' },
      { key: 'diedOn', label: '失败日期', html: (o) => esc(fmtDate(o.diedOn)), sortValue: (o) => o.diedOn || '', text: (o) => o.diedOn || '' },
      { key: 'lease', label: '合同', html: (o) => leaseLink(o.leaseId), sortValue: (o) => o.leaseId, text: (o) => o.leaseId },
      { key: 'enterprise', label: '企业', html: (o) => esc(o.landUserName), sortValue: (o) => o.landUserName, text: (o) => o.landUserName },
      { key: 'rule', label: '规则', html: (o) => rule(o.rule), sortValue: (o) => o.rule, text: (o) => RULES[o.rule] || o.rule },
      { key: 'stage', label: '阶段', html: (o) => esc(o.stage), sortValue: (o) => o.stage, text: (o) => o.stage },
      { key: 'channel', label: '渠道', html: (o) => (o.channel === 'sms' ? '短信' : '邮件') + `<br><span class="muted">${esc(o.recipient)}</span>`, sortValue: (o) => o.channel, text: (o) => o.channel === 'sms' ? '短信' : '邮件' },
      { key: 'attempts', label: '尝试', num: true, html: (o) => String(o.attempts), sortValue: (o) => o.attempts, text: (o) => o.attempts },
      { key: 'why', label: '失败原因', html: (o) => `<span class="why">${esc(o.lastError || '')}</span>`, sortValue: (o) => o.lastError || '', text: (o) => o.lastError || '' },
    ],
  });
  main().insertAdjacentHTML('beforeend', `<form id="requeue-form" class="filters"><label class="grow">说明（可选）<input id="requeue-note" maxlength="500"></label>
    <button type="submit" id="requeue" disabled>重新排队所选（<span id="requeue-count">0</span>）</button></form><div id="requeue-result" role="status"></div>`);
  const sync = () => { document.getElementById('requeue-count').textContent = chosen.size; document.getElementById('requeue').disabled = chosen.size === 0; };
  main().addEventListener('change', (ev) => {
    const box = ev.target.closest('input[data-pick]');
    if (!box) return;
    if (box.checked) chosen.add(box.dataset.pick); else chosen.delete(box.dataset.pick);
    sync();
  });
  document.getElementById('requeue-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = document.getElementById('requeue-result');
    try {
      const res = await api('POST', '/api/outbox/requeue', JSON.stringify({ ids: [...chosen], note: document.getElementById('requeue-note').value.trim() || undefined }));
      out.innerHTML = `<p>已重新排队 ${res.requeued} 条（操作人 ${esc(res.actor)}）${res.unmatchedIds.length ? `；${res.unmatchedIds.length} 条已不在失败列表中` : ''}。</p>`;
      chosen.clear();
      document.getElementById('requeue-note').value = '';
      await page.reload();
      sync();
    } catch (e) {
      out.innerHTML = problemHtml(e);
    }
  });
  await page.reload();
  sync();
}

if (typeof window !== 'undefined' && document.getElementById('main')) start();
