import t from 'tap'
import { urlForAudit, webhookUrlProblem } from '../../src/delivery/target.js'

t.test('https anywhere public; nothing else in production', async (t) => {
  t.equal(webhookUrlProblem('https://notices.kent.gov.uk/hooks/po', false), undefined)
  t.equal(webhookUrlProblem('https://notices.kent.gov.uk:8443/hooks?token=abc', false), undefined)
  t.equal(webhookUrlProblem('http://notices.kent.gov.uk/hooks', false), 'must be an https URL')
  t.equal(webhookUrlProblem('ftp://notices.kent.gov.uk/hooks', false), 'must be an https URL')
  t.equal(webhookUrlProblem('notices.kent.gov.uk/hooks', false), 'must be an absolute URL')
  t.equal(webhookUrlProblem('https://user:secret@notices.kent.gov.uk/', false), 'must not contain credentials')
  t.equal(webhookUrlProblem('https://notices.kent.gov.uk/#x', false), 'must not contain a fragment')
  for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.8.9.10']) {
    t.equal(webhookUrlProblem(`http://${host}:8080/`, false), 'must not point at a loopback address', host)
    t.equal(webhookUrlProblem(`https://${host}/`, false), 'must not point at a loopback address', host)
  }
  for (const host of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '[fd00::1]', '[fe80::1]']) {
    t.equal(webhookUrlProblem(`https://${host}/`, false), 'must not point at a private network address', host)
  }
  t.equal(webhookUrlProblem('https://172.32.0.1/', false), undefined, 'outside 172.16/12')
  t.equal(webhookUrlProblem('https://[2001:db8::1]/', false), undefined)
})

t.test('loopback, http included, only when allowed (tests, local development)', async (t) => {
  for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
    t.equal(webhookUrlProblem(`http://${host}:8080/hook`, true), undefined, host)
    t.equal(webhookUrlProblem(`https://${host}/hook`, true), undefined, host)
  }
  t.equal(webhookUrlProblem('http://notices.kent.gov.uk/', true), 'must be an https URL', 'only loopback is excepted')
  t.equal(webhookUrlProblem('http://10.0.0.1/', true), 'must be an https URL')
})

t.test('the audit log keeps the URL without its query', async (t) => {
  t.equal(urlForAudit('https://a.example/hook?token=secret'), 'https://a.example/hook?…')
  t.equal(urlForAudit('https://a.example/hook'), 'https://a.example/hook')
})
