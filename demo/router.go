package demo

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/demo/wire"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// maxBody bounds a request body read into memory (S3 uploads go to gofakes3 unread).
const maxBody = 16 << 20

// router sends S3 to gofakes3 and every other service through the wire protocols to the world,
// or to the generic answer when the world does not hold the operation.
type router struct {
	s3    http.Handler
	wire  *wire.Router
	world *world.World
	seq   atomic.Int64
	// begin, when set, holds requests until it is closed (the first frame is out): answering
	// loads models, which would take the CPU the first frame needs. done releases them.
	begin, done <-chan struct{}
}

func newRouter(s3 http.Handler, w *world.World, lib *model.Library) *router {
	return &router{s3: s3, wire: wire.NewRouter(lib), world: w}
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rt.begin != nil {
		select {
		case <-rt.begin:
		case <-rt.done:
		case <-r.Context().Done():
			return
		}
	}
	_, _, signer, ok := wire.Scope(r)
	// s3control signs as s3 too, but its paths start with its API version.
	if !ok || (signer == "s3" && !strings.HasPrefix(r.URL.Path, "/v20180820/")) {
		rt.s3.ServeHTTP(w, r)
		return
	}
	id := fmt.Sprintf("demo-%08d", rt.seq.Add(1))
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, "reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	req, err := rt.wire.Identify(r, body)
	if req == nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if err != nil {
		var bad *wire.InputError
		if errors.As(err, &bad) {
			wire.WriteError(w, req.Service, req.Protocol, &wire.Error{Status: 400, Code: "ValidationException", Message: err.Error()}, id)
			return
		}
		wire.WriteError(w, req.Service, req.Protocol, &wire.Error{Status: 400, Code: "UnknownOperationException", Message: err.Error()}, id)
		return
	}
	if _, _, ok := wire.EventStream(req); ok {
		rt.stream(w, req, id)
		return
	}
	out, err := rt.answer(req)
	if err != nil {
		var we *wire.Error
		if !errors.As(err, &we) {
			we = &wire.Error{Status: 500, Code: "InternalFailure", Message: err.Error()}
		}
		wire.WriteError(w, req.Service, req.Protocol, we, id)
		return
	}
	wire.WriteOutput(w, req, out, id)
}

// answer is the world's answer, else the generic one: an empty output for a read, and for a
// change the service's error saying it is not in the demo.
func (rt *router) answer(req *wire.Request) (out map[string]any, err error) {
	svc, op := req.Service.Name, req.Operation.Name
	defer func() {
		// A bug in a handler is the service's 500, not a dropped connection the client retries.
		if p := recover(); p != nil {
			out, err = nil, &wire.Error{Status: http.StatusInternalServerError, Code: "InternalFailure", Message: fmt.Sprintf("the demo's %s %s failed: %v", svc, op, p)}
		}
	}()
	var ok bool
	out, ok, err = rt.world.Handle(svc, op, req.AccessKey, req.Region, req.Input)
	if ok {
		return out, err
	}
	if readonly.IsMutating(svc, op) {
		return nil, &wire.Error{Status: http.StatusBadRequest, Code: "UnsupportedOperation",
			Message: fmt.Sprintf("%s %s is not in the demo: it answers every read, and some changes to %s",
				svc, op, strings.Join(world.Services(), ", "))}
	}
	return map[string]any{}, nil
}

// stream answers an operation whose output is an event stream: the world's events as they come
// (logs StartLiveTail), or an empty stream for one the world does not hold. It returns when the
// stream ends or the client goes away.
func (rt *router) stream(w http.ResponseWriter, req *wire.Request, id string) {
	svc, op := req.Service.Name, req.Operation.Name
	fail := func(err error) {
		var we *wire.Error
		if !errors.As(err, &we) {
			we = &wire.Error{Status: 500, Code: "InternalFailure", Message: err.Error()}
		}
		wire.WriteError(w, req.Service, req.Protocol, we, id)
	}
	s, ok, err := rt.world.OpenStream(svc, op, req.AccessKey, req.Region, req.Input)
	if err != nil {
		fail(err)
		return
	}
	initial := map[string]any{}
	if ok {
		initial = s.Initial()
	}
	ew, err := wire.StartEvents(w, req, initial, id)
	if err != nil {
		fail(&wire.Error{Status: http.StatusBadRequest, Code: "UnsupportedOperation", Message: fmt.Sprintf("%s %s is not in the demo: %v", svc, op, err)})
		return
	}
	if !ok {
		return // no events: the stream ends at once
	}
	defer func() {
		// A bug in the world's stream ends the stream, not the server.
		if p := recover(); p != nil {
			ew.Exception("InternalFailure", map[string]any{"message": fmt.Sprint(p)})
		}
	}()
	ctx := req.HTTP.Context()
	for {
		member, doc, err := s.Next(ctx)
		if err != nil {
			var we *wire.Error
			if ctx.Err() == nil && errors.As(err, &we) {
				ew.Exception(we.Code, map[string]any{"message": we.Message})
			}
			return
		}
		if ew.Event(member, doc) != nil {
			return // the client is gone
		}
	}
}
