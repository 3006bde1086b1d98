// Package model holds the AWS service models nimbus is driven by: the project's compact form of
// botocore's service-2, paginators-1 and waiters-2 data. Field names mirror botocore's JSON keys so
// that the botocore documentation describes them.
package model

// Service is one service's API model.
type Service struct {
	Name       string                `json:"name"` // botocore's directory name, e.g. "s3", "sso-oidc"
	Metadata   Metadata              `json:"metadata"`
	Operations map[string]*Operation `json:"operations"`
	Shapes     map[string]*Shape     `json:"shapes"`
	Paginators map[string]*Paginator `json:"paginators,omitempty"`
	Waiters    map[string]*Waiter    `json:"waiters,omitempty"`
	Doc        string                `json:"documentation,omitempty"` // first sentence only

	// ClientContextParams are the client settings the endpoint rules read (s3, s3control).
	ClientContextParams any    `json:"clientContextParams,omitempty"`
	Deprecated          bool   `json:"deprecated,omitempty"`
	DeprecatedMessage   string `json:"deprecatedMessage,omitempty"`
}

// Metadata is botocore's "metadata" block.
type Metadata struct {
	APIVersion          string   `json:"apiVersion"`
	EndpointPrefix      string   `json:"endpointPrefix"`
	GlobalEndpoint      string   `json:"globalEndpoint,omitempty"`
	JSONVersion         string   `json:"jsonVersion,omitempty"`
	Protocol            string   `json:"protocol"`
	Protocols           []string `json:"protocols,omitempty"`
	ServiceAbbreviation string   `json:"serviceAbbreviation,omitempty"`
	ServiceFullName     string   `json:"serviceFullName,omitempty"`
	ServiceID           string   `json:"serviceId,omitempty"`
	SignatureVersion    string   `json:"signatureVersion,omitempty"`
	SigningName         string   `json:"signingName,omitempty"`
	TargetPrefix        string   `json:"targetPrefix,omitempty"`
	UID                 string   `json:"uid,omitempty"`
	XMLNamespace        string   `json:"xmlNamespace,omitempty"`
	Auth                []string `json:"auth,omitempty"`
	AWSQueryCompatible  any      `json:"awsQueryCompatible,omitempty"`
	ProtocolSettings    any      `json:"protocolSettings,omitempty"` // e.g. {"h2": "eventstream"}
	ChecksumFormat      string   `json:"checksumFormat,omitempty"`   // glacier: "sha256"
}

// Operation is one API operation.
type Operation struct {
	// Name is the operation's API name, its key in Service.Operations (botocore's
	// OperationModel.name). It is also the wire name unless WireName is set.
	Name                 string     `json:"name"`
	HTTP                 HTTP       `json:"http"`
	Input                *ShapeRef  `json:"input,omitempty"`
	Output               *ShapeRef  `json:"output,omitempty"`
	Errors               []ShapeRef `json:"errors,omitempty"`
	Doc                  string     `json:"documentation,omitempty"` // first sentence only
	Deprecated           bool       `json:"deprecated,omitempty"`
	Endpoint             *Endpoint  `json:"endpoint,omitempty"`
	HTTPChecksumRequired bool       `json:"httpChecksumRequired,omitempty"`
	HTTPChecksum         any        `json:"httpChecksum,omitempty"`
	AuthType             string     `json:"authtype,omitempty"`
	Auth                 []string   `json:"auth,omitempty"`
	StaticContextParams  any        `json:"staticContextParams,omitempty"`
	RequestCompression   any        `json:"requestcompression,omitempty"`

	Idempotent             bool   `json:"idempotent,omitempty"`
	ReadOnly               bool   `json:"readonly,omitempty"` // the model's own read-only trait, when set
	DeprecatedMessage      string `json:"deprecatedMessage,omitempty"`
	EndpointDiscovery      any    `json:"endpointdiscovery,omitempty"`
	EndpointOperation      bool   `json:"endpointoperation,omitempty"`
	OperationContextParams any    `json:"operationContextParams,omitempty"`
	UnsignedPayload        bool   `json:"unsignedPayload,omitempty"`
	// WireName is botocore's "name" when it differs from Name: CloudFront's carry an API
	// version, e.g. "ListDistributions2020_05_31". Serializers that send the operation's name
	// must send this one.
	WireName string `json:"wireName,omitempty"`
}

// HTTP is an operation's HTTP binding.
type HTTP struct {
	Method       string `json:"method"`
	RequestURI   string `json:"requestUri"`
	ResponseCode int    `json:"responseCode,omitempty"`
}

// Endpoint carries an operation's host prefix, e.g. "data-" or "{AccountId}.".
type Endpoint struct {
	HostPrefix string `json:"hostPrefix"`
}

// ShapeRef is a reference to a shape with the traits of where it is used (a member, an input...).
type ShapeRef struct {
	Shape            string `json:"shape"`
	Location         string `json:"location,omitempty"` // header, headers, querystring, uri, statusCode
	LocationName     string `json:"locationName,omitempty"`
	QueryName        string `json:"queryName,omitempty"`
	Flattened        bool   `json:"flattened,omitempty"`
	XMLAttribute     bool   `json:"xmlAttribute,omitempty"`
	XMLNamespace     any    `json:"xmlNamespace,omitempty"`
	IdempotencyToken bool   `json:"idempotencyToken,omitempty"`
	JSONValue        bool   `json:"jsonvalue,omitempty"`
	HostLabel        bool   `json:"hostLabel,omitempty"`
	Streaming        bool   `json:"streaming,omitempty"`
	EventPayload     bool   `json:"eventpayload,omitempty"`
	EventHeader      bool   `json:"eventheader,omitempty"` // no botocore model uses it yet
	TimestampFormat  string `json:"timestampFormat,omitempty"`
	Deprecated       bool   `json:"deprecated,omitempty"`
	ContextParam     any    `json:"contextParam,omitempty"`
	Doc              string `json:"documentation,omitempty"` // first sentence only

	// ResultWrapper is the element an awsQuery output is wrapped in, e.g. "GetCallerIdentityResult".
	ResultWrapper     string `json:"resultWrapper,omitempty"`
	DeprecatedMessage string `json:"deprecatedMessage,omitempty"`
}

// Shape is a named type: structure, list, map, string, integer, long, float, double, boolean,
// timestamp, blob.
type Shape struct {
	Type            string               `json:"type"`
	Members         map[string]*ShapeRef `json:"members,omitempty"`
	MemberOrder     []string             `json:"memberOrder,omitempty"` // the model's member order, for forms
	Required        []string             `json:"required,omitempty"`
	Member          *ShapeRef            `json:"member,omitempty"` // list element
	Key             *ShapeRef            `json:"key,omitempty"`    // map key
	Value           *ShapeRef            `json:"value,omitempty"`  // map value
	Enum            []string             `json:"enum,omitempty"`
	Payload         string               `json:"payload,omitempty"`
	Flattened       bool                 `json:"flattened,omitempty"`
	Streaming       bool                 `json:"streaming,omitempty"`
	RequiresLength  bool                 `json:"requiresLength,omitempty"`
	Exception       bool                 `json:"exception,omitempty"`
	Fault           bool                 `json:"fault,omitempty"`
	Error           *ErrorTrait          `json:"error,omitempty"`
	Min             *float64             `json:"min,omitempty"`
	Max             *float64             `json:"max,omitempty"`
	Pattern         string               `json:"pattern,omitempty"`
	TimestampFormat string               `json:"timestampFormat,omitempty"`
	Sensitive       bool                 `json:"sensitive,omitempty"`
	Union           bool                 `json:"union,omitempty"`
	Document        bool                 `json:"document,omitempty"`
	EventStream     bool                 `json:"eventstream,omitempty"`
	Event           bool                 `json:"event,omitempty"`
	LocationName    string               `json:"locationName,omitempty"`
	XMLNamespace    any                  `json:"xmlNamespace,omitempty"`
	XMLOrder        []string             `json:"xmlOrder,omitempty"`
	Deprecated      bool                 `json:"deprecated,omitempty"`
	Doc             string               `json:"documentation,omitempty"` // first sentence only

	Retryable         *Retryable `json:"retryable,omitempty"` // exceptions the SDKs retry
	Wrapper           bool       `json:"wrapper,omitempty"`
	Sparse            bool       `json:"sparse,omitempty"` // lists/maps that may hold nulls
	DeprecatedMessage string     `json:"deprecatedMessage,omitempty"`
}

// Retryable is the "retryable" trait of an exception shape.
type Retryable struct {
	Throttling bool `json:"throttling"`
}

// ErrorTrait is the "error" block of an exception shape.
type ErrorTrait struct {
	Code           string `json:"code,omitempty"`
	HTTPStatusCode int    `json:"httpStatusCode,omitempty"`
	SenderFault    bool   `json:"senderFault,omitempty"`
}

// Paginator is one entry of paginators-1.json. InputToken, OutputToken and ResultKey may each be
// one string or several in botocore; here they are always lists.
type Paginator struct {
	InputToken      []string `json:"input_token"`
	OutputToken     []string `json:"output_token"`
	LimitKey        string   `json:"limit_key,omitempty"`
	MoreResults     string   `json:"more_results,omitempty"`
	ResultKey       []string `json:"result_key,omitempty"`
	NonAggregateKey []string `json:"non_aggregate_keys,omitempty"`
}

// Waiter is one entry of waiters-2.json.
type Waiter struct {
	Operation   string     `json:"operation"`
	Delay       int        `json:"delay"`
	MaxAttempts int        `json:"maxAttempts"`
	Description string     `json:"description,omitempty"`
	Acceptors   []Acceptor `json:"acceptors"`
}

// Acceptor is one rule of a waiter: when Matcher over Argument gives Expected, the waiter's state
// becomes State (success, failure or retry).
type Acceptor struct {
	Matcher  string `json:"matcher"` // path, pathAll, pathAny, status, error
	Argument string `json:"argument,omitempty"`
	Expected any    `json:"expected"`
	State    string `json:"state"`
}
