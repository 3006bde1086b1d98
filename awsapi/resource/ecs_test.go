package resource_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// holdECSTasks keeps moto's ECS tasks in their state: moto moves a task one step towards STOPPED
// on every DescribeTasks, and hydrated task lists call it on each listing.
func holdECSTasks(t *testing.T, env *resourcetest.Env) {
	t.Helper()
	body := `{"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1000000}}`
	resp, err := http.Post(env.URL()+"/moto-api/state-manager/set-transition", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("configuring moto's ECS task states: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		t.Fatalf("configuring moto's ECS task states: %s", resp.Status)
	}
}

func TestECSClusterServiceTask(t *testing.T) {
	f := newLiveFlow(t)
	holdECSTasks(t, f.env)
	cluster, family, service := f.name("cluster"), f.name("family"), f.name("service")
	clusterARN := f.env.Seed("ecs", "CreateCluster", map[string]any{"clusterName": cluster})["cluster"].(map[string]any)["clusterArn"].(string)
	f.env.Seed("ecs", "RegisterTaskDefinition", map[string]any{"family": family,
		"containerDefinitions": []any{map[string]any{"name": "app", "image": "busybox", "memory": int64(128)}}})
	f.env.Seed("ecs", "CreateService", map[string]any{"cluster": cluster, "serviceName": service,
		"taskDefinition": family, "desiredCount": int64(1)})
	_, runErr := f.env.Caller("ecs").Call(f.ctx, "RunTask", map[string]any{"cluster": cluster, "taskDefinition": family,
		"launchType": "FARGATE", "networkConfiguration": map[string]any{
			"awsvpcConfiguration": map[string]any{"subnets": []any{"subnet-12345678"}}}})
	if runErr != nil {
		t.Fatalf("running a task: %v", runErr)
	}

	// Clusters: listed as ARNs, hydrated with DescribeClusters: state and counts as columns.
	clusters := f.def("ecs", "ecs")
	row := f.find(clusters, nil, clusterARN)
	f.wantCells(clusters, row, map[string]string{"NAME": cluster, "ARN": clusterARN, "STATUS": "ACTIVE"})
	// moto keeps the counts at 0; a listed ARN would leave them empty.
	if c := f.cells(clusters, row); c["SERVICES"].Text == "" || c["RUNNING"].Text == "" {
		t.Errorf("cluster counts not shown: services %q running %q", c["SERVICES"].Text, c["RUNNING"].Text)
	}
	if got := clusters.DisplayName(row.Item); got != cluster {
		t.Errorf("cluster name %q, want %s", got, cluster)
	}
	desc := f.describe(clusters, row)
	if desc["clusterName"] != cluster || desc["status"] != "ACTIVE" {
		t.Errorf("describe cluster: name %v status %v", desc["clusterName"], desc["status"])
	}

	// Services of the cluster: the cluster is bound, and reaches DescribeServices as {input.cluster}.
	services, in := f.child(clusters, row, "services")
	if in["cluster"] != clusterARN {
		t.Errorf("services input %v", in)
	}
	srow := f.find(services, in, strings.Replace(clusterARN, ":cluster/", ":service/", 1)+"/"+service)
	f.wantCells(services, srow, map[string]string{"NAME": service, "STATUS": "ACTIVE", "DESIRED": "1",
		"TASK DEFINITION": family + ":1"})
	if got := services.DisplayName(srow.Item); got != service {
		t.Errorf("service name %q, want %s", got, service)
	}
	sdesc := f.describe(services, srow)
	if sdesc["serviceName"] != service || sdesc["status"] != "ACTIVE" {
		t.Errorf("describe service: name %v status %v", sdesc["serviceName"], sdesc["status"])
	}
	// moto starts no task for a service, so only a scale to zero can become stable.
	f.run(services, "scale", map[string]any{"desiredCount": int64(0)}, srow)
	f.waitAfter(services, "scale", srow)
	if got := f.describe(services, srow)["desiredCount"]; got != int64(0) {
		t.Errorf("desiredCount after scale: %v (%T)", got, got)
	}
	if _, tin := f.child(services, srow, "tasks"); tin["cluster"] != clusterARN || tin["serviceName"] != service {
		t.Errorf("service tasks input %v", tin)
	}

	// Tasks of the cluster: running, then stopped with the TasksStopped waiter.
	tasks, tin := f.child(clusters, row, "tasks")
	if tin["cluster"] != clusterARN {
		t.Errorf("tasks input %v", tin)
	}
	rows := f.env.List(tasks, tin)
	if len(rows) != 1 {
		t.Fatalf("%d tasks listed, want the one run", len(rows))
	}
	trow := rows[0]
	taskARN := tasks.ID(trow.Item)
	if !strings.HasPrefix(taskARN, strings.Replace(clusterARN, ":cluster/", ":task/", 1)+"/") {
		t.Errorf("task id %q is not a task ARN of the cluster", taskARN)
	}
	f.wantCells(tasks, trow, map[string]string{"ID": taskARN[strings.LastIndex(taskARN, "/")+1:], "ARN": taskARN,
		"STATUS": "RUNNING", "DESIRED": "RUNNING", "TASK DEFINITION": family + ":1", "LAUNCH": "FARGATE"})
	t.Run("describe, stop, TasksStopped", func(t *testing.T) {
		f := f.sub(t)
		v, err := tasks.Describe(f.ctx, f.env.Caller("ecs"), trow)
		if err != nil {
			t.Fatalf("describing the task: %v", err)
		}
		if got := v.(map[string]any)["lastStatus"]; got != "RUNNING" {
			t.Errorf("task status %v", got)
		}
		f.waitRef(tasks, "TasksRunning", trow)
		f.run(tasks, "stop", map[string]any{"reason": "nimbus test"}, trow)
		f.waitAfter(tasks, "stop", trow)
	})

	// Deleting the service (typed) ends with ServicesInactive; then the cluster.
	f.wantConfirm(services, "delete", resource.ConfirmTyped)
	f.run(services, "delete", nil, srow)
	f.waitAfter(services, "delete", srow)
	// Task definitions: newest first, loaded whole, deregistered.
	taskDefs := f.def("task-definitions", "ecs")
	drows := f.env.List(taskDefs, taskDefs.ListInput(map[string]any{"familyPrefix": family}))
	if len(drows) != 1 {
		t.Fatalf("%d revisions of %s, want 1", len(drows), family)
	}
	f.wantCells(taskDefs, drows[0], map[string]string{"FAMILY:REVISION": family + ":1", "STATUS": "ACTIVE"})
	// run task: the tasks started are in the output, which the TasksRunning waiter reads.
	outs := f.run(taskDefs, "run task", map[string]any{"cluster": cluster, "launchType": "FARGATE",
		"networkConfiguration": map[string]any{"awsvpcConfiguration": map[string]any{"subnets": []any{"subnet-12345678"}}}}, drows[0])
	f.waitAfterOutputs(taskDefs, "run task", outs, drows[0])
	td := f.describe(taskDefs, drows[0])
	if td["family"] != family || td["status"] != "ACTIVE" {
		t.Errorf("describe task definition: family %v status %v", td["family"], td["status"])
	}
	f.run(taskDefs, "deregister", nil, drows[0])
	if got := f.describe(taskDefs, drows[0])["status"]; got != "INACTIVE" {
		t.Errorf("status after deregister %v", got)
	}

	f.wantConfirm(clusters, "delete", resource.ConfirmTyped)
	f.run(clusters, "delete", nil, row)
	// A deleted cluster stays describable, INACTIVE, for a while (moto keeps listing it too).
	if got := f.describe(clusters, row)["status"]; got != "INACTIVE" {
		t.Errorf("cluster status after delete %v", got)
	}
}
