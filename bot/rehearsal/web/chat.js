// The web chat: one person's private chat with the bot, as Telegram would show it. No framework, no build.
"use strict";
const ROLES = {"admin": "政务公开办管理员", "liaison-a": "联络员（A岗）", "liaison-b": "联络员（B岗）",
               "leader": "分管领导", "observer": "观察员"};
const state = {people: [], current: null, shown: "", replyTo: null};
const $ = (id) => document.getElementById(id);

const TOKEN = document.querySelector('meta[name="duban-token"]').content;   // another site's page cannot read it

async function api(path, body) {
  const options = body instanceof FormData ? {method: "POST", headers: {"X-Duban-Token": TOKEN}, body}
    : body ? {method: "POST", headers: {"Content-Type": "application/json", "X-Duban-Token": TOKEN},
              body: JSON.stringify(body)} : {};
  const response = await fetch(path, options);
  const data = response.headers.get("Content-Type")?.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error(data.error || data || response.statusText);
  return data;
}

function day(seconds) {
  return new Date(seconds * 1000).toLocaleDateString("zh-CN",
    {timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric", weekday: "short"});
}

function time(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString("zh-CN", {timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit"});
}

function textWithLinks(parent, text) {
  for (const part of text.split(/(https?:\/\/[^\s，。；、）)]+)/)) {
    if (/^https?:\/\//.test(part)) {
      const link = document.createElement("a");
      link.href = part; link.textContent = part; link.target = "_blank"; link.rel = "noopener";
      parent.append(link);
    } else if (part) parent.append(document.createTextNode(part));
  }
}

function fileLink(file, label) {
  const link = document.createElement("a");
  link.href = `/api/file/${encodeURIComponent(file.file_id)}?name=${encodeURIComponent(file.file_name || file.file_id)}`;
  link.textContent = label;
  link.dataset.testid = "file";
  return link;
}

function firstLine(message) {
  return (message.text || message.caption || (message.photo ? "图片" : message.document?.file_name) || "").split("\n")[0];
}

function replyTo(message) {
  state.replyTo = message;
  $("reply-bar").hidden = false;
  $("reply-quote").textContent = firstLine(message);
  $("text").focus();
}

function stopReplying() {
  state.replyTo = null;
  $("reply-bar").hidden = true;
}

function renderMessage(message) {
  const mine = !message.from.is_bot;
  const box = document.createElement("div");
  box.className = "msg" + (mine ? " mine" : "");
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (message.reply_to_message) {   // as Telegram shows a reply: the start of the message it answers
    bubble.append(Object.assign(document.createElement("div"), {className: "quote",
                                                                 textContent: firstLine(message.reply_to_message)}));
  }
  if (message.photo) {
    const photo = message.photo[message.photo.length - 1];
    const image = document.createElement("img");
    image.src = `/api/file/${encodeURIComponent(photo.file_id)}`; image.alt = "图片";
    bubble.append(image, fileLink(photo, "下载图片"));
  }
  if (message.document) bubble.append(fileLink(message.document, "【文件】" + message.document.file_name), "\n");
  textWithLinks(bubble, message.text || message.caption || "");
  box.append(bubble);
  for (const row of message.reply_markup?.inline_keyboard || []) {
    const keyboard = box.querySelector(".keyboard") || box.appendChild(Object.assign(document.createElement("div"), {className: "keyboard"}));
    const line = keyboard.appendChild(document.createElement("div"));
    for (const button of row) {
      const press = line.appendChild(document.createElement("button"));
      press.textContent = button.text;
      press.onclick = () => api("/api/press", {user_id: state.current.id, message_id: message.message_id,
                                                data: button.callback_data}).then(refreshChat);
    }
  }
  const footer = box.appendChild(Object.assign(document.createElement("div"), {className: "time", textContent: time(message.date)}));
  if (!mine) {
    const reply = footer.appendChild(Object.assign(document.createElement("button"), {className: "reply", textContent: "回复"}));
    reply.dataset.testid = "reply";
    reply.onclick = () => replyTo(message);
  }
  return box;
}

function renderChat(messages) {
  const pane = $("messages");
  const atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
  pane.replaceChildren();
  let lastDay = "";
  for (const message of messages) {
    const today = day(message.date);
    if (today !== lastDay) {
      pane.append(Object.assign(document.createElement("div"), {className: "day"}));
      pane.lastChild.append(Object.assign(document.createElement("span"), {textContent: today}));
      lastDay = today;
    }
    pane.append(renderMessage(message));
  }
  if (atBottom || !state.shown) pane.scrollTop = pane.scrollHeight;
}

async function refreshChat() {
  if (!state.current) return;
  const {messages} = await api(`/api/chat/${state.current.id}`);
  const fingerprint = JSON.stringify(messages);
  if (fingerprint !== state.shown) {
    renderChat(messages);
    state.shown = fingerprint;
  }
}

function renderPeople() {
  const filter = $("filter").value.trim();
  const list = $("people");
  list.replaceChildren();
  for (const person of state.people) {
    if (filter && !`${person.unit || "政务公开办"}${person.name}${ROLES[person.role]}`.includes(filter)) continue;
    const item = list.appendChild(document.createElement("li"));
    item.className = state.current?.id === person.id ? "active" : "";
    item.dataset.testid = "person";
    item.append(Object.assign(document.createElement("span"), {
      className: "badge" + (person.joined ? "" : " new"), textContent: person.joined ? "已加入" : "未加入"}));
    item.append(person.unit || "政务公开办");
    item.append(Object.assign(document.createElement("small"), {textContent: `${ROLES[person.role]} · ${person.name}`}));
    item.onclick = () => choose(person);
  }
}

function showComposer() {
  const joined = state.current?.joined;
  $("join-bar").hidden = !state.current || joined;
  $("composer").hidden = !joined;
}

function choose(person) {
  state.current = person;
  state.shown = "";
  stopReplying();
  $("who").textContent = person.unit || "政务公开办";
  $("who-role").textContent = `${ROLES[person.role]} · ${person.name}`;
  document.body.classList.add("chatting");      // on a phone, the chat takes the screen; 「人员」 brings the list back
  renderPeople();
  showComposer();
  refreshChat();
}

async function refreshState() {
  const data = await api("/api/state");
  $("today").textContent = `${data.today} ${data.weekday}${data.workday ? "" : "（休息日）"}`;
  $("jump-date").value ||= data.today;
  state.people = data.personas;
  if (state.current) state.current = state.people.find((p) => p.id === state.current.id);
  renderPeople();
  showComposer();
}

async function moveClock(to) {
  for (const button of [$("next-day"), $("jump")]) button.disabled = true;
  $("clock-status").textContent = "时钟前进中，每天的提醒和报告依次发出…";
  try {
    await api("/api/clock", {to});
    $("clock-status").textContent = "";
  } catch (error) {
    $("clock-status").textContent = error.message;
  } finally {
    for (const button of [$("next-day"), $("jump")]) button.disabled = false;
    await refreshState();
    await refreshChat();
  }
}

$("console").onclick = async () => {
  const opened = window.open("", "_blank");      // opened on the click, or the browser blocks it as a pop-up
  opened.location = (await api("/api/console", {})).link;
};
$("next-day").onclick = () => moveClock("next-workday");
$("jump").onclick = () => moveClock($("jump-date").value);
$("filter").oninput = renderPeople;
$("join").onclick = () => api("/api/join", {user_id: state.current.id}).then(refreshState).then(refreshChat);
$("composer").onsubmit = async (event) => {
  event.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  const reply_to = state.replyTo?.message_id;
  stopReplying();
  await api("/api/send", {user_id: state.current.id, text, reply_to});
  await refreshChat();
};
$("reply-cancel").onclick = stopReplying;
$("back").onclick = () => document.body.classList.remove("chatting");
$("file").onchange = async () => {
  const file = $("file").files[0];
  if (!file) return;
  const form = new FormData();
  form.append("user_id", state.current.id);
  form.append("caption", $("text").value.trim());
  form.append("file", file);
  if (state.replyTo) form.append("reply_to", state.replyTo.message_id);
  stopReplying();
  $("text").value = "";
  $("file").value = "";
  await api("/api/upload", form);
  await refreshChat();
};

refreshState();
setInterval(refreshChat, 1000);
setInterval(refreshState, 4000);
