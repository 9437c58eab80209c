import StateMachine

/// The `medallion:*` Task resources, ready to register with the engine.
public enum MedallionSteps {
    /// Every resource this build implements.
    public static let resources: Set<String> = [
        FetchAndHashStep.resource, BronzeStep.resource, SilverStep.resource, GoldStep.resource, UpdateManifestStep.resource, RecordFailureStep.resource,
    ]

    /// Handlers keyed by resource, bound to one environment.
    public static func handlers(environment: PipelineEnvironment,
                                progress: any ProgressSink = SilentProgress()) -> [String: any TaskHandler] {
        let context = StepContext(environment: environment, progress: progress)
        return [
            FetchAndHashStep.resource: FetchAndHashStep(context: context),
            BronzeStep.resource: BronzeStep(context: context),
            SilverStep.resource: SilverStep(context: context),
            GoldStep.resource: GoldStep(context: context),
            UpdateManifestStep.resource: UpdateManifestStep(context: context),
            RecordFailureStep.resource: RecordFailureStep(context: context),
        ]
    }
}
