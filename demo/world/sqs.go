package world

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

type message struct {
	id       string
	body     string
	sent     time.Time
	visible  time.Time // in flight until then
	receipts int
	handle   string
	group    string
}

type queue struct {
	name     string
	created  time.Time
	attrs    map[string]string // settable attributes
	messages []*message
	tags     map[string]any
}

type sqsStore struct {
	queues map[string]*queue
	seq    int
}

func newSQS() *sqsStore { return &sqsStore{queues: map[string]*queue{}} }

// registerSQS adds the sqs operations to t.
func registerSQS(t handlerTable) {
	op := func(h func(s *sqsStore, r *Region, c *Call) (map[string]any, error)) func(*World, *Call) (map[string]any, error) {
		return func(w *World, c *Call) (map[string]any, error) {
			r := w.region(c.Account, c.Region)
			r.mu.Lock()
			defer r.mu.Unlock()
			return h(r.sqs, r, c)
		}
	}
	t.add("sqs", map[string]func(*World, *Call) (map[string]any, error){
		"ListQueues":                 op(sqsListQueues),
		"GetQueueUrl":                op(sqsGetQueueURL),
		"GetQueueAttributes":         op(sqsGetQueueAttributes),
		"CreateQueue":                op(sqsCreateQueue),
		"DeleteQueue":                op(sqsDeleteQueue),
		"SendMessage":                op(sqsSendMessage),
		"ReceiveMessage":             op(sqsReceiveMessage),
		"DeleteMessage":              op(sqsDeleteMessage),
		"ChangeMessageVisibility":    op(sqsChangeVisibility),
		"PurgeQueue":                 op(sqsPurgeQueue),
		"ListQueueTags":              op(sqsListQueueTags),
		"ListDeadLetterSourceQueues": op(sqsListDeadLetterSources),
	})
}

func queueURL(r *Region, name string) string {
	return fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", r.Name, r.Account.ID, name)
}

func (s *sqsStore) byURL(r *Region, url string) (*queue, error) {
	name := url[strings.LastIndex(url, "/")+1:]
	q, ok := s.queues[name]
	if !ok || (strings.Contains(url, "/") && url != queueURL(r, name) && !strings.HasSuffix(url, "/"+r.Account.ID+"/"+name)) {
		return nil, notFound("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.")
	}
	return q, nil
}

func sqsListQueues(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	var urls []string
	for name := range s.queues {
		if strings.HasPrefix(name, str(c.In, "QueueNamePrefix")) {
			urls = append(urls, queueURL(r, name))
		}
	}
	sort.Strings(urls)
	max, _ := num(c.In, "MaxResults")
	pageItems, tok := page(urls, str(c.In, "NextToken"), max, 1000)
	out := map[string]any{}
	if len(pageItems) > 0 {
		out["QueueUrls"] = anyList(pageItems)
	}
	if tok != "" {
		out["NextToken"] = tok
	}
	return out, nil
}

func sqsGetQueueURL(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	name := str(c.In, "QueueName")
	if _, ok := s.queues[name]; !ok {
		return nil, notFound("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.")
	}
	return map[string]any{"QueueUrl": queueURL(r, name)}, nil
}

func (q *queue) counts(now time.Time) (visible, inFlight int) {
	for _, m := range q.messages {
		if now.Before(m.visible) {
			inFlight++
		} else {
			visible++
		}
	}
	return visible, inFlight
}

func sqsGetQueueAttributes(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	visible, inFlight := q.counts(c.Now)
	all := map[string]string{
		"QueueArn":                              arn("sqs", r.Name, r.Account.ID, q.name),
		"ApproximateNumberOfMessages":           fmt.Sprint(visible),
		"ApproximateNumberOfMessagesNotVisible": fmt.Sprint(inFlight),
		"ApproximateNumberOfMessagesDelayed":    "0",
		"CreatedTimestamp":                      fmt.Sprint(q.created.Unix()),
		"LastModifiedTimestamp":                 fmt.Sprint(q.created.Unix()),
		"SqsManagedSseEnabled":                  "true",
	}
	for k, v := range q.attrs {
		all[k] = v
	}
	want := strs(c.In, "AttributeNames")
	out := map[string]any{}
	for k, v := range all {
		if contains(want, "All") || contains(want, k) {
			out[k] = v
		}
	}
	return map[string]any{"Attributes": out}, nil
}

func newQueue(name string, now time.Time, attrs map[string]any) *queue {
	q := &queue{name: name, created: now, tags: map[string]any{}, attrs: map[string]string{
		"VisibilityTimeout": "30", "MaximumMessageSize": "262144", "MessageRetentionPeriod": "345600",
		"DelaySeconds": "0", "ReceiveMessageWaitTimeSeconds": "0",
	}}
	if strings.HasSuffix(name, ".fifo") {
		q.attrs["FifoQueue"] = "true"
		q.attrs["ContentBasedDeduplication"] = "false"
		q.attrs["DeduplicationScope"] = "queue"
		q.attrs["FifoThroughputLimit"] = "perQueue"
	}
	for k, v := range attrs {
		q.attrs[k] = fmt.Sprint(v)
	}
	return q
}

func sqsCreateQueue(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	name := str(c.In, "QueueName")
	if name == "" {
		return nil, invalid("InvalidParameterValue", "Value for parameter QueueName is invalid. Reason: Must specify a queue name.")
	}
	if _, ok := s.queues[name]; !ok {
		attrs, _ := c.In["Attributes"].(map[string]any)
		s.queues[name] = newQueue(name, c.Now, attrs)
		if tags, ok := c.In["tags"].(map[string]any); ok {
			s.queues[name].tags = tags
		}
	}
	return map[string]any{"QueueUrl": queueURL(r, name)}, nil
}

func sqsDeleteQueue(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	delete(s.queues, q.name)
	return map[string]any{}, nil
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func (s *sqsStore) put(r *Region, q *queue, body, group string, at time.Time) *message {
	s.seq++
	m := &message{id: fmt.Sprintf("%s-%s-%s-%s-%s", hexID(r.Account.ID, q.name, fmt.Sprint(s.seq))[:8], "0000", "4000", "8000", hexID(fmt.Sprint(s.seq))[:12]),
		body: body, sent: at, visible: at, group: group}
	q.messages = append(q.messages, m)
	return m
}

func sqsSendMessage(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	body := str(c.In, "MessageBody")
	if body == "" {
		return nil, invalid("MissingParameter", "The request must contain the parameter MessageBody.")
	}
	if q.attrs["FifoQueue"] == "true" && str(c.In, "MessageGroupId") == "" {
		return nil, invalid("MissingParameter", "The request must contain the parameter MessageGroupId.")
	}
	m := s.put(r, q, body, str(c.In, "MessageGroupId"), c.Now)
	out := map[string]any{"MessageId": m.id, "MD5OfMessageBody": md5hex(body)}
	if m.group != "" {
		out["SequenceNumber"] = fmt.Sprintf("%020d", s.seq)
	}
	return out, nil
}

func sqsReceiveMessage(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	max, ok := num(c.In, "MaxNumberOfMessages")
	if !ok {
		max = 1
	}
	if max < 1 || max > 10 {
		return nil, invalid("InvalidParameterValue", "Value %d for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", max)
	}
	vt, ok := num(c.In, "VisibilityTimeout")
	if !ok {
		fmt.Sscan(q.attrs["VisibilityTimeout"], &vt)
	}
	var out []any
	for _, m := range q.messages {
		if int64(len(out)) >= max {
			break
		}
		if c.Now.Before(m.visible) {
			continue
		}
		m.receipts++
		m.visible = c.Now.Add(time.Duration(vt) * time.Second)
		m.handle = "AQEB" + hexID(m.id, fmt.Sprint(m.receipts)) + hexID(m.id)
		attrs := map[string]any{
			"SentTimestamp":                    fmt.Sprint(m.sent.UnixMilli()),
			"ApproximateReceiveCount":          fmt.Sprint(m.receipts),
			"ApproximateFirstReceiveTimestamp": fmt.Sprint(c.Now.UnixMilli()),
			"SenderId":                         "AIDADEMO" + r.Account.ID,
		}
		if m.group != "" {
			attrs["MessageGroupId"] = m.group
		}
		out = append(out, map[string]any{"MessageId": m.id, "ReceiptHandle": m.handle, "MD5OfBody": md5hex(m.body), "Body": m.body, "Attributes": attrs})
	}
	res := map[string]any{}
	if len(out) > 0 {
		res["Messages"] = out
	}
	return res, nil
}

func (q *queue) byHandle(h string) (int, error) {
	for i, m := range q.messages {
		if m.handle != "" && m.handle == h {
			return i, nil
		}
	}
	return -1, invalid("ReceiptHandleIsInvalid", "The input receipt handle %q is not a valid receipt handle.", h)
}

func sqsDeleteMessage(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	i, err := q.byHandle(str(c.In, "ReceiptHandle"))
	if err != nil {
		return nil, err
	}
	q.messages = append(q.messages[:i], q.messages[i+1:]...)
	return map[string]any{}, nil
}

func sqsChangeVisibility(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	i, err := q.byHandle(str(c.In, "ReceiptHandle"))
	if err != nil {
		return nil, err
	}
	vt, _ := num(c.In, "VisibilityTimeout")
	q.messages[i].visible = c.Now.Add(time.Duration(vt) * time.Second)
	return map[string]any{}, nil
}

func sqsPurgeQueue(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	q.messages = nil
	return map[string]any{}, nil
}

func sqsListQueueTags(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	return map[string]any{"Tags": q.tags}, nil
}

func sqsListDeadLetterSources(s *sqsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.byURL(r, str(c.In, "QueueUrl"))
	if err != nil {
		return nil, err
	}
	target := arn("sqs", r.Name, r.Account.ID, q.name)
	var urls []string
	for name, other := range s.queues {
		if strings.Contains(other.attrs["RedrivePolicy"], target) {
			urls = append(urls, queueURL(r, name))
		}
	}
	sort.Strings(urls)
	return map[string]any{"queueUrls": anyList(urls)}, nil
}

// queueSpec is a seeded queue with its waiting messages.
type queueSpec struct {
	name     string
	messages int
	fifo     bool
}

func seedSQS(r *Region, spec regionSpec, now time.Time) {
	for qi, qs := range spec.queues {
		created := now.Add(-time.Duration(200+qi*10) * 24 * time.Hour).Truncate(time.Second)
		q := newQueue(qs.name, created, nil)
		q.tags = map[string]any{"env": spec.env}
		if dlq := qs.name + "-dlq"; !strings.HasSuffix(qs.name, "-dlq") && containsQueue(spec.queues, dlq) {
			q.attrs["RedrivePolicy"] = fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":5}`, arn("sqs", r.Name, r.Account.ID, dlq))
		}
		r.sqs.queues[qs.name] = q
		kind := strings.TrimSuffix(qs.name[strings.LastIndex(qs.name, "-")+1:], ".fifo")
		for i := 0; i < qs.messages; i++ {
			var body string
			switch kind {
			case "orders", "dlq":
				body = fmt.Sprintf(`{"event":"OrderPlaced","orderId":"o-%05d","customerId":"c-%03d","total":%d.%02d}`, 2000+i, i%7+1, 10+i*7%190, i*13%100)
			case "emails":
				body = fmt.Sprintf(`{"to":"user%d@example.com","template":"%s"}`, i+1, []string{"welcome", "receipt", "reset-password"}[i%3])
			default:
				body = fmt.Sprintf(`{"event":"Tick","seq":%d}`, i+1)
			}
			group := ""
			if qs.fifo {
				group = fmt.Sprintf("g%d", i%2+1)
			}
			r.sqs.put(r, q, body, group, now.Add(-time.Duration(qs.messages-i)*3*time.Minute).Truncate(time.Millisecond))
		}
	}
}

func containsQueue(specs []queueSpec, name string) bool {
	for _, q := range specs {
		if q.name == name {
			return true
		}
	}
	return false
}
