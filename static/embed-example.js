// The example course page's side of the playground's message API (embed-example.html): it points
// each frame at the playground with its scenario and the controls it shows, sizes the frame from
// the playground's height messages, lists every message the playground sends, and sends the
// playground the requests its buttons name.
//
// The playground's address is the page's `?playground=URL` parameter, by default ./index.html
// beside this page. Each frame's `origins` parameter is this page's own origin (unless the address
// names origins itself), so the playground answers this page and only it; in turn this page
// reads only messages from the playground's origin that say they are the playground's.

/** Where the playground lives, and so the only origin whose messages this page reads. */
const playground = new URL(new URLSearchParams(location.search).get('playground') || './index.html', location.href);

/** Scenarios this page sends whole, rather than by the name of one that comes with the playground. */
const SCENARIOS = {
  'two-servers': {
    title: 'An HTTP flood on two servers',
    description: 'The lesson\'s flood on half the servers: 20 bots at 50 requests a second each from 10 s, intrusion detection from 30 s.',
    seed: 8,
    arrival_rate: 40,
    servers: [{ size: 'small', count: 2 }],
    nat: { users: 200, addresses: 1 },
    edge: { connection_slots: 1024, uplink_mbps: 100 },
    attack: { type: 'http-flood', bots: 20, rate_per_bot: 50, start_s: 10 },
    timeline: [{ at_s: 30, type: 'set-defence', ids: { threshold: 25, auto_block_s: 60 } }],
  },
};

/** Entries a log keeps; the oldest go first. */
const LOG_LIMIT = 200;

/** A number of seconds as the logs show it, such as "12.3 s". */
function seconds(time) {
  return typeof time === 'number' ? `${Math.round(time * 10) / 10} s` : '? s';
}

/** One line for a message from the playground, and a class that names its kind. */
function describe(message) {
  switch (message.type) {
    case 'ready':
      return `ready: version ${message.version}, ${message.scenario ?? 'its own world'}, seed ${message.seed}, at ${seconds(message.time_s)}`;
    case 'height':
      return `height: ${message.height} px`;
    case 'caption':
      return `caption: ${message.text}`;
    case 'event':
      // The text is the playground's event line, which starts with the event's time.
      return `event ${message.name}: ${message.text}`;
    case 'loaded':
      return `loaded: ${message.scenario ?? 'a scenario of this page\'s own'}, seed ${message.seed}`;
    case 'state':
      return `state: ${message.paused ? 'paused' : 'playing'} at ${seconds(message.time_s)}`;
    case 'error':
      return `error in ${message.request}: ${message.message}`;
    default:
      return `${message.type}: ${JSON.stringify(message)}`;
  }
}

/** The request a button names in its data attributes. */
function request(button) {
  const { request: type, name, scenario } = button.dataset;
  switch (type) {
    case 'load-scenario':
      return name ? { type, name } : { type, scenario: SCENARIOS[scenario] };
    case 'add-server':
      return { type: 'command', command: { type: 'add-server', size: 'small' } };
    default:
      return { type };
  }
}

/** Each exercise: its frame and its log. */
const exercises = [...document.querySelectorAll('section.exercise')].map((section) => {
  const frame = section.querySelector('iframe');
  const log = section.querySelector('ol.log');
  const address = new URL(playground);
  for (const [key, value] of new URLSearchParams(frame.dataset.setup)) address.searchParams.set(key, value);
  address.searchParams.set('embed', '1');
  if (!address.searchParams.has('origins')) address.searchParams.set('origins', location.origin);
  frame.src = address.href;
  for (const button of section.querySelectorAll('button[data-request]')) {
    button.addEventListener('click', () => frame.contentWindow?.postMessage(request(button), playground.origin));
  }
  return { frame, log };
});

window.addEventListener('message', (event) => {
  if (event.origin !== playground.origin) return;
  const message = event.data;
  if (message === null || typeof message !== 'object' || message.source !== 'ds-playground') return;
  const exercise = exercises.find((e) => e.frame.contentWindow === event.source);
  if (!exercise) return;
  if (message.type === 'height' && Number.isInteger(message.height) && message.height > 0) {
    // The attribute, not a style: the page's policy allows no inline style.
    exercise.frame.height = String(message.height);
  }
  const entry = document.createElement('li');
  entry.className = String(message.type);
  if (message.type === 'event') entry.dataset.name = String(message.name);
  entry.textContent = describe(message);
  exercise.log.append(entry);
  while (exercise.log.children.length > LOG_LIMIT) exercise.log.firstElementChild.remove();
});
