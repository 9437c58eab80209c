import Foundation
import StateMachine

/// The `medallion:*` Task resources, ready to register with the engine.
public enum MedallionSteps {
    /// Every resource this build implements.
    public static let resources: Set<String> = [
        FetchAndHashStep.resource, BronzeStep.resource, SilverStep.resource, GoldStep.resource, UpdateManifestStep.resource, RecordFailureStep.resource,
        FinishRunStep.resource,
    ]

    /// Handlers keyed by resource, bound to one environment.
    /// Every step as its own `medallion task` child process (`run --executor process`).
    public static func processHandlers(executable: URL, environment: PipelineEnvironment) -> [String: any TaskHandler] {
        Dictionary(uniqueKeysWithValues: resources.map { resource in
            (resource, ProcessStep(resource: resource, executable: executable, environment: environment) as any TaskHandler)
        })
    }

    public static func handlers(environment: PipelineEnvironment,
                                progress: any ProgressSink = SilentProgress()) -> [String: any TaskHandler] {
        let context = StepContext(environment: environment, progress: progress)
        func step(_ make: @escaping @Sendable (StepContext) -> any TaskHandler) -> any TaskHandler {
            HeartbeatingStep(context: context, make: make)
        }
        return [
            FetchAndHashStep.resource: step { FetchAndHashStep(context: $0) },
            BronzeStep.resource: step { BronzeStep(context: $0) },
            SilverStep.resource: step { SilverStep(context: $0) },
            GoldStep.resource: step { GoldStep(context: $0) },
            UpdateManifestStep.resource: step { UpdateManifestStep(context: $0) },
            RecordFailureStep.resource: step { RecordFailureStep(context: $0) },
            FinishRunStep.resource: step { FinishRunStep(context: $0) },
        ]
    }
}
